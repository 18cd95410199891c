package dev.chatscale.loadtest.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Every process the runner started, so that all of them (and their descendants, e.g. the Gatling
 * JVM forked by Maven) are stopped on normal exit, failure, time limit or Ctrl-C (a JVM shutdown
 * hook). Stops politely first (SIGTERM), then forcibly after a grace period. Only processes
 * registered here are ever signalled, always by their own handle (PID). Thread-safe.
 */
public final class ChildProcesses {
    private final List<ProcessHandle> children = new CopyOnWriteArrayList<>();

    /** Installs the shutdown hook that stops whatever is still running. */
    public ChildProcesses installShutdownHook() {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> stopAll(5)));
        return this;
    }

    /** Registers a started process. */
    public Process track(Process p) {
        children.add(p.toHandle());
        return p;
    }

    /** Stops one process tree: SIGTERM to descendants and the process, SIGKILL after {@code graceSeconds}. */
    public void stop(ProcessHandle p, long graceSeconds) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p);
        for (ProcessHandle h : tree) {
            h.destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
        for (ProcessHandle h : tree) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        children.remove(p);
    }

    /** Stops every registered process still alive. */
    public void stopAll(long graceSeconds) {
        for (ProcessHandle p : List.copyOf(children)) {
            if (p.isAlive()) {
                stop(p, graceSeconds);
            }
        }
        children.clear();
    }
}
