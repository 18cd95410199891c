package dev.chatscale.protocol.state;

import dev.chatscale.protocol.config.ServerConfig;
import dev.chatscale.protocol.metrics.Metrics;
import dev.chatscale.protocol.session.Outbound;
import dev.chatscale.protocol.session.Session;
import dev.chatscale.protocol.wire.EncodedLine;

/**
 * The shared state of one server: nicks and channels, server identity and metrics. One per server
 * process; the entry point transports use to open sessions.
 *
 * <p>Thread-safe: any number of sessions on any threads use it at once (see package-info for the
 * locking rules).
 */
public final class Hub {
    // TODO(protocol): skeleton of the public API; the implementation replaces these bodies.

    /**
     * @param config the server's configuration
     * @param startedAtMillis when the server started (epoch ms), shown in 003
     * @param metrics where counters go ({@link Metrics#NONE} to discard)
     */
    public Hub(ServerConfig config, long startedAtMillis, Metrics metrics) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Opens a session for a new connection from {@code peerAddress} (the IP literal the socket gives,
     * e.g. {@code 127.0.0.1} or {@code 0:0:0:0:0:0:0:1}) writing through {@code out}; the
     * registration timer starts at {@code now}.
     */
    public Session connect(String peerAddress, Outbound out, long now) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * The ERROR line a transport sends when it refuses or drops a connection on its own, e.g.
     * {@code closingLink("127.0.0.1", "Server full")} is {@code ERROR :Closing Link: 127.0.0.1 (Server full)}.
     */
    public EncodedLine closingLink(String peerAddress, String reason) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public ServerConfig config() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public Metrics metrics() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Sessions open now. */
    public int connectionCount() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
