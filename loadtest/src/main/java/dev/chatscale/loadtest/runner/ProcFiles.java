package dev.chatscale.loadtest.runner;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the Linux and JVM text the sampler reads: {@code /proc/PID/status},
 * {@code /proc/net/sockstat} and {@code jcmd PID GC.heap_info}. Pure functions; a field that is
 * missing parses as -1 rather than throwing (the report then shows "n/a").
 */
public final class ProcFiles {
    private static final Pattern RSS = Pattern.compile("^VmRSS:\\s+(\\d+) kB", Pattern.MULTILINE);
    private static final Pattern THREADS = Pattern.compile("^Threads:\\s+(\\d+)", Pattern.MULTILINE);
    private static final Pattern TCP = Pattern.compile("^TCP: inuse (\\d+) orphan \\d+ tw (\\d+) alloc (\\d+) mem (\\d+)",
            Pattern.MULTILINE);
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private ProcFiles() {}

    /**
     * Reads a /proc file fully, or returns "" when it cannot be read. Streams, not
     * {@code Files.readString}: /proc files report a size that the latter trusts (on JDK 25,
     * {@code /proc/sys/net/core/somaxconn} read as "4" instead of "4096").
     */
    public static String read(Path file) {
        try (InputStream in = new FileInputStream(file.toFile())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** VmRSS in KB from /proc/PID/status. */
    public static long rssKb(String status) {
        Matcher m = RSS.matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Threads (OS threads of the process) from /proc/PID/status. */
    public static int threads(String status) {
        Matcher m = THREADS.matcher(status);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /**
     * Kernel TCP figures from /proc/net/sockstat (whole machine, both ends of loopback connections).
     *
     * @param inUse sockets in use
     * @param timeWait sockets in TIME_WAIT
     * @param alloc allocated sockets
     * @param memPages pages of socket buffer memory
     */
    public record SockStat(long inUse, long timeWait, long alloc, long memPages) {
        public static final SockStat NONE = new SockStat(-1, -1, -1, -1);
    }

    public static SockStat sockStat(String text) {
        Matcher m = TCP.matcher(text);
        if (!m.find()) {
            return SockStat.NONE;
        }
        return new SockStat(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)));
    }

    /**
     * Heap used in KB from GC.heap_info: the sum of "used" over the top-level heap lines (those with
     * "total"; the "eden/from/to/the space" lines are parts of them, Metaspace has no "total").
     * Works for Serial ({@code DefNew}/{@code Tenured}), Parallel and G1 layouts. -1 when nothing matched.
     */
    public static long heapUsedKb(String heapInfo) {
        long sum = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            if (!line.contains("total") || line.contains(" space ") || line.contains("Metaspace")) {
                continue;
            }
            Matcher m = USED.matcher(line);
            if (m.find()) {
                sum += Long.parseLong(m.group(1));
                found = true;
            }
        }
        return found ? sum : -1;
    }
}
