package dev.chatscale.loadtest.stats;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared timeline of an idle-population run. Setup ends when every idle user has settled
 * (joined its room or failed) or at the setup deadline, whichever is first; that moment starts the
 * hold. The first {@code probeNanos} of the hold are the probe window (latency measured with all
 * idle users connected); the rest of the hold is left for the runner's intrusive sampling (forced
 * GC, NMT) so it does not disturb the probes. Times are {@link System#nanoTime()} values passed in.
 *
 * <p>Thread-safe (atomics): users on any Gatling/Vert.x thread report, the status writer reads.
 */
public final class HoldTimeline {
    private static final long UNSET = Long.MIN_VALUE;

    private final int users;
    private final long setupDeadlineNanos;
    private final long holdNanos;
    private final long probeNanos;
    private final AtomicInteger settled = new AtomicInteger();
    private final AtomicLong holdStart = new AtomicLong(UNSET);

    /**
     * @param users idle users expected to settle
     * @param setupDeadlineNanos nanoTime after which the hold starts even if some users have not settled
     * @param holdNanos length of the hold
     * @param probeNanos length of the probe window at the start of the hold (&lt;= holdNanos)
     */
    public HoldTimeline(int users, long setupDeadlineNanos, long holdNanos, long probeNanos) {
        if (users < 0 || holdNanos < 0 || probeNanos < 0 || probeNanos > holdNanos) {
            throw new IllegalArgumentException("need users >= 0 and 0 <= probe <= hold");
        }
        this.users = users;
        this.setupDeadlineNanos = setupDeadlineNanos;
        this.holdNanos = holdNanos;
        this.probeNanos = probeNanos;
    }

    /** One idle user joined or failed at {@code now}; the last one starts the hold. */
    public void settled(long now) {
        if (settled.incrementAndGet() >= users) {
            holdStart.compareAndSet(UNSET, now);
        }
    }

    /** Starts the hold if the setup deadline has passed; returns whether the hold has started. */
    public boolean holdStarted(long now) {
        if (holdStart.get() == UNSET && (now - setupDeadlineNanos >= 0 || settled.get() >= users)) {
            holdStart.compareAndSet(UNSET, now);
        }
        return holdStart.get() != UNSET;
    }

    /** Whether {@code now} falls in the probe window. */
    public boolean probing(long now) {
        return holdStarted(now) && now - holdStart.get() < probeNanos;
    }

    /** Whether the hold is over (idle users may close). */
    public boolean holdOver(long now) {
        return holdStarted(now) && now - holdStart.get() >= holdNanos;
    }

    /** Nanoseconds until the hold ends; before the hold starts, until the earliest it could end. */
    public long nanosUntilHoldEnd(long now) {
        long start = holdStarted(now) ? holdStart.get() : Math.max(now, setupDeadlineNanos);
        return Math.max(0, start + holdNanos - now);
    }

    /** nanoTime at which the hold started, or empty. */
    public OptionalLong holdStartNanos() {
        long s = holdStart.get();
        return s == UNSET ? OptionalLong.empty() : OptionalLong.of(s);
    }

    /** Users settled so far. */
    public int settledCount() {
        return settled.get();
    }

    /** The phase name the status file shows. */
    public String phase(long now) {
        if (!holdStarted(now)) {
            return "setup";
        }
        if (probing(now)) {
            return "probing";
        }
        return holdOver(now) ? "closing" : "sampling";
    }
}
