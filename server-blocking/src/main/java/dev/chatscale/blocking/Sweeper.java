package dev.chatscale.blocking;

import dev.chatscale.protocol.config.ServerConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The one thread that drives time for every connection of a blocking server: each period it sweeps
 * every live connection once (registration and ping timeouts through {@code Session.onTick}, and
 * closing flushes that have run too long). One thread for all connections instead of a timer each:
 * an idle connection costs no timer object at all.
 *
 * <p>Targets are expected to use {@code tryLock} and skip a connection that is busy; a sweep never
 * waits for one connection. Thread-safety: {@link #run} on one (platform) thread; stop it by
 * interrupting that thread, and {@link #awaitStopped} from any thread to know it stopped.
 */
final class Sweeper implements Runnable {
    /** Something swept each period. */
    @FunctionalInterface
    interface Target {
        /**
         * @param nowMillis wall-clock epoch millis, what sessions are given
         * @param nowNanos {@link System#nanoTime()}, for transport-level deadlines
         */
        void sweep(long nowMillis, long nowNanos);
    }

    static final long MIN_PERIOD_MILLIS = 10;
    static final long MAX_PERIOD_MILLIS = 1_000;

    private static final System.Logger LOG = System.getLogger(Sweeper.class.getName());

    private final Iterable<? extends Target> targets;
    private final long periodMillis;
    private final LongSupplier clock;
    /** Written by the sweeper thread only. */
    private volatile long sweeps;
    /** Counted down once {@link #run} has ended. */
    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * @param targets the live connections, iterated once per period (a concurrent collection)
     * @param periodMillis time between sweeps
     * @param clock epoch millis
     */
    Sweeper(Iterable<? extends Target> targets, long periodMillis, LongSupplier clock) {
        this.targets = targets;
        this.periodMillis = periodMillis;
        this.clock = clock;
    }

    /**
     * The sweep period for a configuration: {@link ServerConfig#tickMillis()} (a quarter of the
     * shortest timeout; with flood control on, at most one token interval), between
     * {@value #MIN_PERIOD_MILLIS} ms and {@value #MAX_PERIOD_MILLIS} ms.
     */
    static long periodFor(ServerConfig config) {
        return Math.clamp(config.tickMillis(), MIN_PERIOD_MILLIS, MAX_PERIOD_MILLIS);
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(periodMillis);
                sweepOnce();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Waits until {@link #run} has ended (not for its thread to terminate, which can take seconds
     * while thousands of platform threads exit at once).
     *
     * @return whether it ended within {@code nanos}
     */
    boolean awaitStopped(long nanos) throws InterruptedException {
        return stopped.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** One pass over every target; a failing target is logged and does not stop the pass. */
    void sweepOnce() {
        long nowMillis = clock.getAsLong();
        long nowNanos = System.nanoTime();
        for (Target target : targets) {
            try {
                target.sweep(nowMillis, nowNanos);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "sweep failed for " + target, e);
            }
        }
        sweeps++;
    }

    long periodMillis() {
        return periodMillis;
    }

    /** Completed passes, for tests. */
    long sweeps() {
        return sweeps;
    }
}
