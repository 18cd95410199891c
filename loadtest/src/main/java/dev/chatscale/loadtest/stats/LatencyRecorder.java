package dev.chatscale.loadtest.stats;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Collects latency samples in nanoseconds from any thread, for later summarising.
 *
 * <p>Thread-safe: one {@link ReentrantLock} guards a growable {@code long[]} (a record is a
 * few nanoseconds of work under the lock; contention is negligible at benchmark rates). Bounded:
 * samples beyond {@code capacity} are counted in {@link #dropped()} but not kept, so a runaway run
 * cannot exhaust the heap. Negative samples (clock misuse) are rejected.
 */
public final class LatencyRecorder {
    private final ReentrantLock lock = new ReentrantLock();
    private final int capacity;
    private long[] samples = new long[1024]; // guarded by lock
    private int size; // guarded by lock
    private long dropped; // guarded by lock

    /** A recorder keeping at most {@code capacity} samples. */
    public LatencyRecorder(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** A recorder keeping at most one million samples. */
    public LatencyRecorder() {
        this(1_000_000);
    }

    /** Adds one sample (nanoseconds, &gt;= 0). */
    public void record(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("negative latency: " + nanos);
        }
        lock.lock();
        try {
            if (size == capacity) {
                dropped++;
                return;
            }
            if (size == samples.length) {
                samples = Arrays.copyOf(samples, Math.min(capacity, samples.length * 2));
            }
            samples[size++] = nanos;
        } finally {
            lock.unlock();
        }
    }

    /** Number of samples kept. */
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** Samples that arrived after the capacity was reached. */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** A copy of the samples kept so far. */
    public long[] snapshot() {
        lock.lock();
        try {
            return Arrays.copyOf(samples, size);
        } finally {
            lock.unlock();
        }
    }

    /** Percentiles of the samples kept so far. */
    public LatencySummary summary() {
        return LatencySummary.ofNanos(snapshot());
    }
}
