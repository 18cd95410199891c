package dev.chatscale.protocol.session;

import dev.chatscale.protocol.wire.EncodedLine;

/**
 * The way out of one connection: what each server (Netty, blocking) implements for its sockets.
 *
 * <p>Implementations put a byte-bounded {@link SendQueue} behind {@link #offer}. When a line would
 * take the queue over its bound, the connection is dropped: the implementation sends (best effort)
 * {@code ERROR :Closing Link: <ip> (Max SendQ exceeded)}, closes the socket, and later reports the
 * loss to its {@link Session} with {@link Session#onDisconnect(String, long)} and the reason
 * {@code "Max SendQ exceeded"} on the session's own thread. The sender is never slowed down.
 *
 * <p>Thread-safety: both methods may be called from any thread, concurrently, and never block.
 */
public interface Outbound {
    /**
     * Queues a line for this connection. Never blocks.
     *
     * @return {@code true} if the line was queued; {@code false} if it was dropped because the
     *     connection is closing or its SendQ overflowed
     */
    boolean offer(EncodedLine line);

    /**
     * Writes what is already queued (best effort, bounded in time) and then closes the connection.
     * Idempotent. Lines offered after this call are dropped.
     */
    void close();
}
