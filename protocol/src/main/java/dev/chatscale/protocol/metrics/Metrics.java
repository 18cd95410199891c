package dev.chatscale.protocol.metrics;

/**
 * Counters the core and the transports report to. Every method defaults to a no-op, so a transport
 * or test that does not care passes {@link #NONE}; {@link CounterMetrics} is the LongAdder-backed
 * implementation.
 *
 * <p>Who reports what: the core ({@code Hub}/{@code Session}) reports connections opened and closed
 * (at {@code Hub.connect} and when the session ends), lines in (every line framed) and lines out
 * (every line offered to an {@code Outbound}). Transports report bytes in and out (bytes read from
 * and written to sockets) and SendQ drops (an {@code OVERFLOW} they acted on).
 *
 * <p>Thread-safety: implementations must accept calls from any thread (use {@code LongAdder}).
 */
public interface Metrics {
    /** Discards everything. */
    Metrics NONE = new Metrics() {};

    default void connectionOpened() {}

    default void connectionClosed() {}

    default void lineIn() {}

    default void lineOut() {}

    /** {@code n} lines out at once (a broadcast); defaults to {@code n} calls of {@link #lineOut()}. */
    default void linesOut(long n) {
        for (long i = 0; i < n; i++) {
            lineOut();
        }
    }

    default void bytesIn(long n) {}

    default void bytesOut(long n) {}

    default void sendQueueDrop() {}
}
