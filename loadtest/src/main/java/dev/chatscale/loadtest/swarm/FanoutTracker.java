package dev.chatscale.loadtest.swarm;

import dev.chatscale.loadtest.stats.LatencyRecorder;
import dev.chatscale.loadtest.stats.LatencySummary;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Bookkeeping of the fan-out measurement: for each repeat, how many of the {@code members}
 * received the probe and when the last one did; every delivery's latency goes to a shared
 * per-recipient recorder.
 *
 * <p>Thread-safe (atomic arrays, thread-safe recorder): members on any event loop call
 * {@link #delivered}. A delivery of a repeat that already counted {@code members} receipts (a
 * duplicate) is counted in {@link #duplicates()} and not recorded.
 */
final class FanoutTracker {
    private final int members;
    private final int repeats;
    private final AtomicIntegerArray received;
    private final AtomicLongArray sentNanos;
    private final AtomicLongArray lastNanos;
    private final LatencyRecorder perRecipient;
    private final LatencyRecorder allDelivered = new LatencyRecorder();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong strays = new AtomicLong();

    FanoutTracker(int members, int repeats) {
        if (members < 1 || repeats < 1) {
            throw new IllegalArgumentException("members and repeats must be positive");
        }
        this.members = members;
        this.repeats = repeats;
        this.received = new AtomicIntegerArray(repeats);
        this.sentNanos = new AtomicLongArray(repeats);
        this.lastNanos = new AtomicLongArray(repeats);
        this.perRecipient = new LatencyRecorder(Math.max(1024, members * repeats));
    }

    /** Notes that repeat {@code repeat} was sent at {@code nanos}. */
    void sent(int repeat, long nanos) {
        sentNanos.set(repeat, nanos);
    }

    /** One member received repeat {@code message.repeat()} at {@code nowNanos}. */
    void delivered(FanoutMessage message, long nowNanos) {
        int repeat = message.repeat();
        if (repeat >= repeats || sentNanos.get(repeat) != message.sentNanos()) {
            strays.incrementAndGet(); // not a probe of this tracker (e.g. a late warm-up one)
            return;
        }
        int count = received.incrementAndGet(repeat);
        if (count > members) {
            duplicates.incrementAndGet();
            return;
        }
        perRecipient.record(Math.max(0, nowNanos - message.sentNanos()));
        lastNanos.accumulateAndGet(repeat, nowNanos, Math::max);
        if (count == members) {
            allDelivered.record(Math.max(0, nowNanos - message.sentNanos()));
        }
    }

    /** Receipts of a repeat so far (capped at members). */
    int receivedCount(int repeat) {
        return Math.min(received.get(repeat), members);
    }

    /** Whether every member received repeat {@code repeat}. */
    boolean complete(int repeat) {
        return received.get(repeat) >= members;
    }

    /** Repeats every member received. */
    int completedRepeats() {
        int done = 0;
        for (int i = 0; i < repeats; i++) {
            if (complete(i)) {
                done++;
            }
        }
        return done;
    }

    /** Sum over repeats of members that never received it. */
    long missingDeliveries(int repeatsSent) {
        long missing = 0;
        for (int i = 0; i < repeatsSent; i++) {
            missing += members - receivedCount(i);
        }
        return missing;
    }

    long duplicates() {
        return duplicates.get();
    }

    /** Deliveries of probes this tracker did not send (ignored). */
    long strays() {
        return strays.get();
    }

    /** Latency of each single delivery, all repeats together. */
    LatencySummary perRecipient() {
        return perRecipient.summary();
    }

    /** Per completed repeat: time from send until the last member received it. */
    LatencySummary allDelivered() {
        return allDelivered.summary();
    }
}
