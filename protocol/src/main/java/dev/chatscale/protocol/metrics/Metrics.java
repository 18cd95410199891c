package dev.chatscale.protocol.metrics;

/**
 * Counters the core and the transports report to. Every method defaults to a no-op, so a transport
 * or test that does not care passes {@link #NONE}.
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

    default void bytesIn(long n) {}

    default void bytesOut(long n) {}

    default void sendQueueDrop() {}
}
