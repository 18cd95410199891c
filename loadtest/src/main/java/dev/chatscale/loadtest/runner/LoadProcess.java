package dev.chatscale.loadtest.runner;

import dev.chatscale.loadtest.stats.StatusFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs one load generator (the Gatling simulation via Maven, or the TCP swarm) as a child process
 * with its output in a log file, while watching the status file it writes: shows progress and
 * fires a sampling action when a phase of interest is reached. Bounded: the process is stopped
 * (with its descendants) when {@code timeoutSeconds} pass. Not thread-safe; one run per instance.
 */
public final class LoadProcess {
    /** How the run ended. */
    public record Outcome(int exitCode, boolean timedOut, Map<String, String> lastStatus, long elapsedMillis) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workDir;
    private final Path log;
    private final StatusFile status;
    private final ChildProcesses children;
    private final Progress progress;

    public LoadProcess(String name, List<String> command, Map<String, String> environment, Path workDir, Path log,
            Path statusFile, ChildProcesses children, Progress progress) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workDir = workDir;
        this.log = log;
        this.status = new StatusFile(statusFile);
        this.children = children;
        this.progress = progress;
    }

    /**
     * Runs to completion.
     *
     * @param samplePhases phases during which {@code onSample} fires once (the first time one is seen)
     * @param sampleWhen extra condition on the status for firing (e.g. enough users joined)
     * @param onSample receives the status when firing; runs on this thread while the generator keeps going
     */
    public Outcome run(long timeoutSeconds, Set<String> samplePhases, Predicate<Map<String, String>> sampleWhen,
            Consumer<Map<String, String>> onSample) throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.deleteIfExists(status.path());
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        long start = System.nanoTime();
        Process p = children.track(pb.start());
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        boolean sampled = false;
        Map<String, String> last = Map.of();
        while (p.isAlive() && System.nanoTime() < deadline) {
            p.waitFor(500, TimeUnit.MILLISECONDS);
            Map<String, String> s = readStatus();
            if (!s.isEmpty()) {
                last = s;
                progress.status(name, s, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                if (!sampled && samplePhases.contains(s.getOrDefault("phase", "")) && sampleWhen.test(s)) {
                    sampled = true;
                    onSample.accept(s);
                }
            }
        }
        boolean timedOut = p.isAlive();
        if (timedOut) {
            progress.line(name + ": time limit of " + timeoutSeconds + " s reached, stopping it");
            children.stop(p.toHandle(), 10);
        } else {
            children.stop(p.toHandle(), 1); // reaps any descendant left behind
        }
        Map<String, String> s = readStatus();
        if (!s.isEmpty()) {
            last = s;
        }
        int code = timedOut ? -1 : p.exitValue();
        return new Outcome(code, timedOut, last, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private Map<String, String> readStatus() {
        try {
            return status.read();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }
}
