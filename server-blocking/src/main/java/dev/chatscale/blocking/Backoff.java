package dev.chatscale.blocking;

/**
 * Exponential back-off delays for a loop that keeps failing, e.g. {@code accept()} while the process
 * is out of file descriptors: {@code initial, 2*initial, 4*initial, ...} capped at {@code max}, back
 * to {@code initial} after {@link #reset()}.
 *
 * <p>Not thread-safe: owned by the one thread that retries.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    /** The delay {@link #next()} returns; guarded by confinement to the owning thread. */
    private long nextMillis;
    /** Consecutive failures since the last reset; guarded by confinement. */
    private int failures;

    Backoff(long initialMillis, long maxMillis) {
        if (initialMillis <= 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("need 0 < initial <= max: " + initialMillis + ", " + maxMillis);
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.nextMillis = initialMillis;
    }

    /** Records one more failure and returns how long to wait before retrying. */
    long next() {
        failures++;
        long delay = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return delay;
    }

    /** Failures recorded since the last {@link #reset()}; 0 means "not backing off". */
    int failures() {
        return failures;
    }

    /** A success: the next failure starts a new burst at the initial delay. */
    void reset() {
        failures = 0;
        nextMillis = initialMillis;
    }
}
