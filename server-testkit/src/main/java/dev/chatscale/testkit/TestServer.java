package dev.chatscale.testkit;

import java.net.InetSocketAddress;

/**
 * A running server under test, started in-process by a {@link TestServerFactory} on 127.0.0.1
 * with ephemeral ports.
 *
 * <p>{@link #close()} must stop the server and release its ports quickly (well under a second):
 * the suite starts a fresh server for every test. Thread-safety: the suite calls it from the test
 * thread only.
 */
public interface TestServer extends AutoCloseable {

    /** Where the server accepts plain IRC over TCP (CRLF lines). */
    InetSocketAddress ircAddress();

    /**
     * Where the server accepts IRC over WebSocket (IRCv3 binding, path {@code /}), or {@code null}
     * if this server does not serve WebSocket; the WebSocket variants of the suite are then skipped.
     */
    InetSocketAddress wsAddress();

    /** Stops the server: closes listeners and every connection. Idempotent; throws nothing checked. */
    @Override
    void close();
}
