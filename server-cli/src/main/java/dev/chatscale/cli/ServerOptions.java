package dev.chatscale.cli;

import dev.chatscale.protocol.config.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The command-line flags every server shares (DESIGN.md), mapped onto {@link ListenSettings} and
 * {@link ServerConfig}. Defaults are those of {@link ServerConfig#defaults()}; the listener binds to
 * loopback unless {@code --host} says otherwise.
 *
 * <p>Not thread-safe: filled by picocli on the main thread, then read once.
 */
public final class ServerOptions {
    private static final ServerConfig DEFAULTS = ServerConfig.defaults();

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "IRC (TCP) port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port = 6667;

    @Option(names = "--ws-port", paramLabel = "PORT",
            description = "WebSocket port (IRCv3 binding), 0 for any free one, -1 for none (default: ${DEFAULT-VALUE}).")
    int wsPort = 8080;

    @Option(names = "--server-name", paramLabel = "NAME", description = "Server name in replies (default: ${DEFAULT-VALUE}).")
    String serverName = DEFAULTS.serverName();

    @Option(names = "--network", paramLabel = "NAME", description = "Network name (default: ${DEFAULT-VALUE}).")
    String network = DEFAULTS.network();

    @Option(names = "--motd", paramLabel = "LINE",
            description = "A message-of-the-day line; repeat for several lines (default: a one-line welcome).")
    List<String> motd = new ArrayList<>();

    @Option(names = "--no-motd", description = "Send no MOTD (clients get 422).")
    boolean noMotd;

    @Option(names = "--password", paramLabel = "SECRET", description = "Server password clients must send with PASS.")
    String password;

    @Option(names = "--max-connections", paramLabel = "N", description = "Connections served at once (default: ${DEFAULT-VALUE}).")
    int maxConnections = DEFAULTS.maxConnections();

    @Option(names = "--max-sendq", paramLabel = "SIZE", converter = ValueParsers.SizeConverter.class,
            description = "Bytes queued for one client before it is dropped, e.g. 512k (default: ${DEFAULT-VALUE} bytes).")
    int maxSendQ = DEFAULTS.maxSendQBytes();

    @Option(names = "--ping-interval", paramLabel = "DURATION", converter = ValueParsers.DurationConverter.class,
            description = "Silence before the server sends PING, e.g. 90s (default: ${DEFAULT-VALUE}).")
    Duration pingInterval = DEFAULTS.pingInterval();

    @Option(names = "--ping-timeout", paramLabel = "DURATION", converter = ValueParsers.DurationConverter.class,
            description = "Time after that PING before the link is closed (default: ${DEFAULT-VALUE}).")
    Duration pingTimeout = DEFAULTS.pingTimeout();

    @Option(names = "--registration-timeout", paramLabel = "DURATION", converter = ValueParsers.DurationConverter.class,
            description = "Time a client has to register (default: ${DEFAULT-VALUE}).")
    Duration registrationTimeout = DEFAULTS.registrationTimeout();

    @Option(names = "--flood-rate", paramLabel = "N",
            description = "Lines per second a client may send; faster input is delayed, 0 turns flood control off (default: ${DEFAULT-VALUE}).")
    int floodRate = DEFAULTS.floodRate();

    @Option(names = "--flood-burst", paramLabel = "N",
            description = "Lines a client may send back to back before --flood-rate applies (default: ${DEFAULT-VALUE}).")
    int floodBurst = DEFAULTS.floodBurst();

    @Option(names = "--flood-max-held", paramLabel = "SIZE", converter = ValueParsers.SizeConverter.class,
            description = "Bytes of delayed input a client may have before it is closed with Excess Flood, e.g. 8k (default: ${DEFAULT-VALUE} bytes).")
    int floodMaxHeld = DEFAULTS.floodMaxHeldBytes();

    /**
     * The settings these flags describe.
     *
     * @param version the version string shown in 002/004
     * @throws IllegalArgumentException when a value is out of range (the message says which)
     */
    public ListenSettings toSettings(String version) {
        List<String> motdLines = noMotd ? List.of() : motd.isEmpty() ? DEFAULTS.motd() : motd;
        ServerConfig config = new ServerConfig(
                serverName,
                network,
                version,
                motdLines,
                password,
                maxConnections,
                maxSendQ,
                pingInterval,
                pingTimeout,
                registrationTimeout,
                floodRate,
                floodBurst,
                floodMaxHeld);
        return new ListenSettings(host, port, wsPort, config);
    }
}
