package dev.chatscale.loadtest.swarm;

/**
 * How many connections should have been started {@code elapsedNanos} after a ramp began, for
 * {@code total} connections at {@code perSecond}: {@code min(total, floor(elapsed * rate) + 1)}
 * (the first one at time 0). Immutable.
 *
 * @param total connections to start
 * @param perSecond rate, &gt; 0
 */
record RampSchedule(int total, double perSecond) {
    RampSchedule {
        if (total < 0 || !(perSecond > 0)) {
            throw new IllegalArgumentException("total >= 0 and perSecond > 0 required");
        }
    }

    /** Connections due by then. */
    int dueAt(long elapsedNanos) {
        if (total == 0) {
            return 0;
        }
        double due = Math.floor(Math.max(0, elapsedNanos) / 1e9 * perSecond) + 1;
        return (int) Math.min(total, due);
    }

    /** Nominal ramp duration in milliseconds. */
    long durationMillis() {
        return (long) Math.ceil(total / perSecond * 1000.0);
    }
}
