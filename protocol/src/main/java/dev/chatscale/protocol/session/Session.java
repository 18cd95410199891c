package dev.chatscale.protocol.session;

/**
 * One connection's IRC state machine: registration, commands, liveness. Created by
 * {@code Hub.connect}; driven by the transport through the {@code on*} methods; writes only through
 * its {@link Outbound}.
 *
 * <p>Thread-safety: confined. The transport calls the methods of one session from one thread at a
 * time, with a happens-before edge between calls (Netty: the channel's event loop; blocking
 * servers: the reader thread, and the sweeper under the connection's lock). Other sessions reach
 * this one only through its {@link Outbound}, which is thread-safe. Time is always passed in
 * ({@code now}, epoch milliseconds): the session never reads a clock.
 */
public final class Session {
    // TODO(protocol): skeleton of the public API; the implementation replaces these bodies.

    /** Bytes from a TCP stream: framed into lines (LF or CRLF, bounded) and handled in order. */
    public void onBytes(byte[] buf, int off, int len, long now) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** One WebSocket message = one IRC line (a trailing CRLF or LF is stripped). */
    public void onMessage(byte[] buf, int off, int len, long now) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Timeouts: registration timeout; PING after pingInterval of silence; close after pingTimeout more. */
    public void onTick(long now) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * The link is gone (EOF, I/O error, or SendQ overflow that the transport acted on): QUIT :reason
     * to peers, nick and channels released. Idempotent; a no-op when the session already ended.
     */
    public void onDisconnect(String reason, long now) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Server-initiated close (e.g. "Server shutting down"): {@code ERROR :Closing Link: <host>
     * (<reason>)} to the client, QUIT :reason to peers, then {@link Outbound#close()}. Idempotent.
     */
    public void shutdown(String reason, long now) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Whether the session has ended (QUIT, timeout, disconnect, shutdown). */
    public boolean isClosed() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The peer's host as users see it: the IP literal; an IPv6 literal starting with ':' gets a leading '0'. */
    public String host() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
