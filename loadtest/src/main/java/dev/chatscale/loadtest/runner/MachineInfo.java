package dev.chatscale.loadtest.runner;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Describes the machine a benchmark ran on (cores, memory, kernel, JDK, date, limits). Stateless. */
public final class MachineInfo {
    private MachineInfo() {}

    public static JsonObject describe(Path javaHome) {
        return new JsonObject()
                .put("date", Instant.now().toString())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("memory_kb", memTotalKb(read("/proc/meminfo")))
                .put("kernel", read("/proc/sys/kernel/osrelease").trim())
                .put("somaxconn", read("/proc/sys/net/core/somaxconn").trim())
                .put("open_files_limit", openFilesLimit(read("/proc/self/limits")))
                .put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"))
                .put("java_home", javaHome.toString());
    }

    static long memTotalKb(String meminfo) {
        Matcher m = Pattern.compile("^MemTotal:\\s+(\\d+) kB", Pattern.MULTILINE).matcher(meminfo);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static String openFilesLimit(String limits) {
        Matcher m = Pattern.compile("^Max open files\\s+(\\S+)\\s+(\\S+)", Pattern.MULTILINE).matcher(limits);
        return m.find() ? m.group(1) + " soft / " + m.group(2) + " hard" : "?";
    }
    private static String read(String path) {
        return ProcFiles.read(Path.of(path));
    }
}
