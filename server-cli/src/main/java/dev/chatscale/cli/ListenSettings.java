package dev.chatscale.cli;

import dev.chatscale.protocol.config.ServerConfig;
import java.util.Objects;

/**
 * Where and how a server listens, plus the chat core's configuration.
 *
 * @param host the address to bind (a literal or a name; {@code 127.0.0.1} by default for safety)
 * @param port the IRC TCP port; 0 picks an ephemeral port
 * @param wsPort the WebSocket port; 0 picks an ephemeral port, {@link #NO_WEBSOCKET} serves none
 * @param config the chat core's configuration
 */
public record ListenSettings(String host, int port, int wsPort, ServerConfig config) {
    /** {@link #wsPort()} value meaning "do not serve WebSocket". */
    public static final int NO_WEBSOCKET = -1;

    public ListenSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(config, "config");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (wsPort < NO_WEBSOCKET || wsPort > 65_535) {
            throw new IllegalArgumentException("ws port out of range: " + wsPort);
        }
    }

    /** Loopback, ephemeral IRC and WebSocket ports: what tests use. */
    public static ListenSettings ephemeral(ServerConfig config) {
        return new ListenSettings("127.0.0.1", 0, 0, config);
    }

    /** Whether a WebSocket listener is wanted. */
    public boolean webSocketEnabled() {
        return wsPort != NO_WEBSOCKET;
    }
}
