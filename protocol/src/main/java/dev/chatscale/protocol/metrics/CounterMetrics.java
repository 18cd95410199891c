package dev.chatscale.protocol.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * {@link Metrics} backed by {@link LongAdder}s: cheap to bump from many threads at once, read with
 * {@link #snapshot()} (a sum, not an atomic cut across counters).
 *
 * <p>Thread-safe.
 */
public final class CounterMetrics implements Metrics {
    /**
     * The counters at one moment.
     *
     * @param connectionsOpened sessions opened since start
     * @param connectionsClosed sessions ended since start
     * @param linesIn lines received
     * @param linesOut lines offered to connections
     * @param bytesIn bytes read from sockets
     * @param bytesOut bytes written to sockets
     * @param sendQueueDrops connections dropped for exceeding their SendQ
     */
    public record Snapshot(
            long connectionsOpened,
            long connectionsClosed,
            long linesIn,
            long linesOut,
            long bytesIn,
            long bytesOut,
            long sendQueueDrops) {

        /** Connections open now (opened minus closed). */
        public long connectionsOpen() {
            return connectionsOpened - connectionsClosed;
        }
    }

    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder connectionsClosed = new LongAdder();
    private final LongAdder linesIn = new LongAdder();
    private final LongAdder linesOut = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder sendQueueDrops = new LongAdder();

    @Override
    public void connectionOpened() {
        connectionsOpened.increment();
    }

    @Override
    public void connectionClosed() {
        connectionsClosed.increment();
    }

    @Override
    public void lineIn() {
        linesIn.increment();
    }

    @Override
    public void lineOut() {
        linesOut.increment();
    }

    @Override
    public void linesOut(long n) {
        linesOut.add(n);
    }

    @Override
    public void bytesIn(long n) {
        bytesIn.add(n);
    }

    @Override
    public void bytesOut(long n) {
        bytesOut.add(n);
    }

    @Override
    public void sendQueueDrop() {
        sendQueueDrops.increment();
    }

    /** Current sums. */
    public Snapshot snapshot() {
        return new Snapshot(
                connectionsOpened.sum(),
                connectionsClosed.sum(),
                linesIn.sum(),
                linesOut.sum(),
                bytesIn.sum(),
                bytesOut.sum(),
                sendQueueDrops.sum());
    }

    /** One log line, e.g. for a periodic report. */
    @Override
    public String toString() {
        Snapshot s = snapshot();
        return "connections=" + s.connectionsOpen() + " opened=" + s.connectionsOpened() + " linesIn=" + s.linesIn()
                + " linesOut=" + s.linesOut() + " bytesIn=" + s.bytesIn() + " bytesOut=" + s.bytesOut()
                + " sendqDrops=" + s.sendQueueDrops();
    }
}
