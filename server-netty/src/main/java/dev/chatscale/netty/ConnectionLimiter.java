package dev.chatscale.netty;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts connections served at once (IRC and WebSocket together) against
 * {@code ServerConfig.maxConnections}; a connection over the limit is refused with
 * {@code ERROR :Closing Link: <ip> (Server full)}.
 *
 * <p>Thread-safe and lock-free: connections on every event loop acquire and release concurrently.
 */
final class ConnectionLimiter {
    private final int max;
    private final AtomicInteger inUse = new AtomicInteger();

    ConnectionLimiter(int max) {
        this.max = max;
    }

    /** Takes a slot; {@code false} (and nothing taken) when all {@code max} are in use. */
    boolean tryAcquire() {
        while (true) {
            int n = inUse.get();
            if (n >= max) {
                return false;
            }
            if (inUse.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives back a slot taken by {@link #tryAcquire()}. */
    void release() {
        inUse.decrementAndGet();
    }

    /** Slots in use now. */
    int inUse() {
        return inUse.get();
    }
}
