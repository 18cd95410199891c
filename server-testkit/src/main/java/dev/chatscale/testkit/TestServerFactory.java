package dev.chatscale.testkit;

import dev.chatscale.protocol.config.ServerConfig;

/**
 * How a server module hands its server to the conformance suite: start one in-process on
 * 127.0.0.1 with ephemeral ports (IRC and, when supported, WebSocket) using exactly the given
 * configuration, and return once it accepts connections.
 *
 * <p>Called from the test thread, once per test (some tests pass special configurations, e.g. a
 * password, a tiny SendQ or short timeouts).
 */
@FunctionalInterface
public interface TestServerFactory {

    /** Starts a server with {@code config}; the caller closes it. */
    TestServer start(ServerConfig config) throws Exception;
}
