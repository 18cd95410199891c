package dev.chatscale.cli;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A running chat server as the launcher (and tests) see it, whatever its concurrency model.
 *
 * <p>Thread-safety: implementations must allow {@link #shutdown} from any thread (it is called from
 * a JVM shutdown hook on SIGTERM).
 */
public interface ChatServer {
    /** The bound IRC (TCP) address; the real port when 0 was asked for. */
    InetSocketAddress ircAddress();

    /** The bound WebSocket address, or {@code null} when WebSocket is not served. */
    InetSocketAddress wsAddress();

    /** How sockets are served, for the ready line: e.g. {@code epoll}, {@code nio}, {@code virtual-threads}. */
    String transport();

    /**
     * Stops accepting, sends every client {@code ERROR :Closing Link: <ip> (Server shutting down)},
     * closes every connection and releases threads. Returns within {@code timeout}; idempotent.
     */
    void shutdown(Duration timeout);
}
