package dev.chatscale.testkit;

import dev.chatscale.cli.ChatServer;
import dev.chatscale.cli.ListenSettings;
import dev.chatscale.cli.ServerLauncher;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Adapts the servers' common {@link ChatServer} API to the suite, so a server module's factory is
 * one line: {@code return ChatServers.factory(MyChatServer::start);} with the same
 * {@link ServerLauncher.Starter} its {@code Main} hands to {@code ServerLauncher.run}. Stateless.
 */
public final class ChatServers {

    /** How long closing a test server may take (a clean server needs milliseconds). */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private ChatServers() {}

    /** Starts servers on 127.0.0.1 with ephemeral IRC and WebSocket ports ({@link ListenSettings#ephemeral}). */
    public static TestServerFactory factory(ServerLauncher.Starter starter) {
        return config -> adapt(starter.start(ListenSettings.ephemeral(config)));
    }

    /** Like {@link #factory} but asks for no WebSocket listener ({@link ListenSettings#NO_WEBSOCKET}). */
    public static TestServerFactory tcpOnlyFactory(ServerLauncher.Starter starter) {
        return config -> adapt(starter.start(new ListenSettings("127.0.0.1", 0, ListenSettings.NO_WEBSOCKET, config)));
    }

    /** A {@link TestServer} view of a running server; {@code close()} is {@code shutdown(CLOSE_TIMEOUT)}. */
    public static TestServer adapt(ChatServer server) {
        return new TestServer() {
            @Override
            public InetSocketAddress ircAddress() {
                return server.ircAddress();
            }

            @Override
            public InetSocketAddress wsAddress() {
                return server.wsAddress();
            }

            @Override
            public void close() {
                server.shutdown(CLOSE_TIMEOUT);
            }

            @Override
            public String toString() {
                return server.transport() + " server irc=" + server.ircAddress() + " ws=" + server.wsAddress();
            }
        };
    }
}
