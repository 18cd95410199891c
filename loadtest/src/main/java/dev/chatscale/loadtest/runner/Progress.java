package dev.chatscale.loadtest.runner;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Progress lines for the person watching a benchmark: the server, phase, connected/joined counts
 * and elapsed times, at most one status line every two seconds per phase change. Not thread-safe
 * (the runner's main thread only).
 */
public final class Progress {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private String server = "";
    private String lastPhase = "";
    private long lastPrintNanos;

    public Progress(PrintStream out) {
        this.out = out;
    }

    /** Sets the server whose run is going on. */
    public void server(String name) {
        this.server = name;
    }

    /** A free-form line, prefixed with the total elapsed time. */
    public void line(String text) {
        out.println("[" + clock(System.nanoTime() - startNanos) + "] " + (server.isEmpty() ? "" : server + ": ") + text);
        out.flush();
    }

    /** A status update from a load generator; printed on a phase change or every 2 s. */
    public void status(String generator, Map<String, String> s, long phaseMillis) {
        String phase = s.getOrDefault("phase", "?");
        long now = System.nanoTime();
        if (phase.equals(lastPhase) && now - lastPrintNanos < TimeUnit.SECONDS.toNanos(2)) {
            return;
        }
        lastPhase = phase;
        lastPrintNanos = now;
        line(format(generator, s, phaseMillis));
    }

    static String format(String generator, Map<String, String> s, long phaseMillis) {
        StringBuilder b = new StringBuilder(generator).append(' ').append(s.getOrDefault("phase", "?"));
        String users = s.getOrDefault("users", s.getOrDefault("started", "?"));
        b.append(": connected ").append(s.getOrDefault("connected", "?"))
                .append(", joined ").append(s.getOrDefault("joined", "?")).append('/').append(users)
                .append(", failed ").append(s.getOrDefault("failed", "0"));
        if (s.containsKey("probes_registered")) {
            b.append(", probes ").append(s.get("probes_registered"))
                    .append(", rtt samples ").append(s.getOrDefault("ping_samples", "0"))
                    .append('+').append(s.getOrDefault("privmsg_samples", "0"));
        }
        if (s.containsKey("repeat")) {
            b.append(", repeat ").append(s.get("repeat")).append('/').append(s.getOrDefault("of", "?"));
        }
        return b.append(", ").append(clock(TimeUnit.MILLISECONDS.toNanos(phaseMillis))).append(" in phase").toString();
    }

    static String clock(long nanos) {
        long s = TimeUnit.NANOSECONDS.toSeconds(nanos);
        return String.format("%02d:%02d", s / 60, s % 60);
    }
}
