package dev.chatscale.protocol.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the chat core needs to know about the server it runs in; identical keys for all three
 * servers (each maps its command-line flags onto this record). Listening addresses are not here:
 * they belong to the transport.
 *
 * <p>Validated on construction; immutable and thread-safe.
 *
 * @param serverName the server's name in every numeric's source, e.g. {@code irc.chatscale.local};
 *     no spaces, no {@code :} at the start
 * @param network the network name of 001 and {@code NETWORK=}; no spaces
 * @param version the version string of 002 and 004; no spaces
 * @param motd message-of-the-day lines (375/372/376); empty means 422 "MOTD File is missing"
 * @param password the server password PASS must match, or {@code null} for none
 * @param maxConnections connections served at once; the transport refuses more with
 *     {@code ERROR :Closing Link: <ip> (Server full)}
 * @param maxSendQBytes per-connection bound on bytes queued but not yet written (PROTOCOL.md §10)
 * @param pingInterval silence after which the server sends {@code PING}
 * @param pingTimeout time after that PING with no line at all before the link is closed
 * @param registrationTimeout time a connection may take to complete registration
 * @param floodRate per-client input rate limit, lines per second (a token bucket, PROTOCOL.md §10);
 *     lines beyond it are delayed, not dropped; 0 turns flood control off (the benchmark does)
 * @param floodBurst lines a client may send back to back before the rate applies (the bucket size)
 * @param floodMaxHeldBytes bound on the bytes of one client's delayed lines; beyond it the link is
 *     closed with {@code ERROR :Closing Link: <ip> (Excess Flood)}
 */
public record ServerConfig(
        String serverName,
        String network,
        String version,
        List<String> motd,
        String password,
        int maxConnections,
        int maxSendQBytes,
        Duration pingInterval,
        Duration pingTimeout,
        Duration registrationTimeout,
        int floodRate,
        int floodBurst,
        int floodMaxHeldBytes) {

    /** Default {@link #floodRate}: lines per second a client may keep sending without delay. */
    public static final int DEFAULT_FLOOD_RATE = 5;
    /** Default {@link #floodBurst}: enough for registration, joins and a pasted paragraph. */
    public static final int DEFAULT_FLOOD_BURST = 20;
    /** Default {@link #floodMaxHeldBytes}: 8 KiB, like the bound on an unterminated line. */
    public static final int DEFAULT_FLOOD_MAX_HELD_BYTES = 8192;
    /** Highest {@link #floodRate}: one line per microsecond. */
    public static final int MAX_FLOOD_RATE = 1_000_000;

    /** The defaults of every server (and of the command-line flags). */
    public static ServerConfig defaults() {
        return new ServerConfig(
                "irc.chatscale.local",
                "ChatScale",
                "chatscale-0.1.0",
                List.of("Welcome to chatscale: one IRC core, three concurrency models."),
                null,
                18_000,
                512 * 1024,
                Duration.ofSeconds(90),
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                DEFAULT_FLOOD_RATE,
                DEFAULT_FLOOD_BURST,
                DEFAULT_FLOOD_MAX_HELD_BYTES);
    }

    public ServerConfig {
        requireToken(serverName, "serverName");
        requireToken(network, "network");
        requireToken(version, "version");
        if (serverName.startsWith(":")) {
            throw new IllegalArgumentException("serverName must not start with ':'");
        }
        motd = List.copyOf(Objects.requireNonNull(motd, "motd"));
        for (String line : motd) {
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0 || line.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("motd lines must not contain CR, LF or NUL");
            }
        }
        if (password != null && (password.isEmpty() || password.indexOf(' ') >= 0)) {
            throw new IllegalArgumentException("password must be non-empty and without spaces");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        if (maxSendQBytes < 512) {
            throw new IllegalArgumentException("maxSendQBytes must hold one 512-byte line: " + maxSendQBytes);
        }
        requirePositive(pingInterval, "pingInterval");
        requirePositive(pingTimeout, "pingTimeout");
        requirePositive(registrationTimeout, "registrationTimeout");
        if (floodRate < 0 || floodRate > MAX_FLOOD_RATE) {
            throw new IllegalArgumentException("floodRate must be 0 (off) to " + MAX_FLOOD_RATE + " lines/s: " + floodRate);
        }
        if (floodBurst < 1) {
            throw new IllegalArgumentException("floodBurst must be at least 1: " + floodBurst);
        }
        if (floodMaxHeldBytes < 512) {
            throw new IllegalArgumentException("floodMaxHeldBytes must hold one 512-byte line: " + floodMaxHeldBytes);
        }
    }

    /** Whether per-client flood control is on ({@link #floodRate} above 0). */
    public boolean floodControl() {
        return floodRate > 0;
    }

    /**
     * How often a transport should tick every session ({@code Session.onTick}), in milliseconds: a
     * quarter of the shortest timeout, so a timeout fires at most 25% late, and with flood control
     * on at most one token interval ({@code 1000 / floodRate} ms), so that held lines leave one at a
     * time at the configured rate rather than in a clump per tick. At least 1; transports clamp it
     * to their own bounds.
     */
    public long tickMillis() {
        long shortest = Math.min(registrationTimeout.toMillis(), Math.min(pingInterval.toMillis(), pingTimeout.toMillis()));
        long tick = shortest / 4;
        if (floodControl()) {
            tick = Math.min(tick, 1000L / floodRate);
        }
        return Math.max(1, tick);
    }

    private static void requireToken(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty() || !value.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException(name + " must be non-empty printable ASCII without spaces: " + value);
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    public ServerConfig withServerName(String v) {
        return new ServerConfig(v, network, version, motd, password, maxConnections, maxSendQBytes, pingInterval, pingTimeout, registrationTimeout, floodRate, floodBurst, floodMaxHeldBytes);
    }

    public ServerConfig withNetwork(String v) {
        return new ServerConfig(serverName, v, version, motd, password, maxConnections, maxSendQBytes, pingInterval, pingTimeout, registrationTimeout, floodRate, floodBurst, floodMaxHeldBytes);
    }

    public ServerConfig withVersion(String v) {
        return new ServerConfig(serverName, network, v, motd, password, maxConnections, maxSendQBytes, pingInterval, pingTimeout, registrationTimeout, floodRate, floodBurst, floodMaxHeldBytes);
    }

    public ServerConfig withMotd(List<String> v) {
        return new ServerConfig(serverName, network, version, v, password, maxConnections, maxSendQBytes, pingInterval, pingTimeout, registrationTimeout, floodRate, floodBurst, floodMaxHeldBytes);
    }

    public ServerConfig withPassword(String v) {
        return new ServerConfig(serverName, network, version, motd, v, maxConnections, maxSendQBytes, pingInterval, pingTimeout, registrationTimeout, floodRate, floodBurst, floodMaxHeldBytes);
    }

    public ServerConfig withMaxConnections(int v) {
        return new ServerConfig(serverName, network, version, motd, password, v, maxSendQBytes, pingInterval, pingTimeout, registrationTimeout, floodRate, floodBurst, floodMaxHeldBytes);
    }

    public ServerConfig withMaxSendQBytes(int v) {
        return new ServerConfig(serverName, network, version, motd, password, maxConnections, v, pingInterval, pingTimeout, registrationTimeout, floodRate, floodBurst, floodMaxHeldBytes);
    }

    public ServerConfig withPingInterval(Duration v) {
        return new ServerConfig(serverName, network, version, motd, password, maxConnections, maxSendQBytes, v, pingTimeout, registrationTimeout, floodRate, floodBurst, floodMaxHeldBytes);
    }

    public ServerConfig withPingTimeout(Duration v) {
        return new ServerConfig(serverName, network, version, motd, password, maxConnections, maxSendQBytes, pingInterval, v, registrationTimeout, floodRate, floodBurst, floodMaxHeldBytes);
    }

    public ServerConfig withRegistrationTimeout(Duration v) {
        return new ServerConfig(serverName, network, version, motd, password, maxConnections, maxSendQBytes, pingInterval, pingTimeout, v, floodRate, floodBurst, floodMaxHeldBytes);
    }

    public ServerConfig withFloodRate(int v) {
        return new ServerConfig(serverName, network, version, motd, password, maxConnections, maxSendQBytes, pingInterval, pingTimeout, registrationTimeout, v, floodBurst, floodMaxHeldBytes);
    }

    public ServerConfig withFloodBurst(int v) {
        return new ServerConfig(serverName, network, version, motd, password, maxConnections, maxSendQBytes, pingInterval, pingTimeout, registrationTimeout, floodRate, v, floodMaxHeldBytes);
    }

    public ServerConfig withFloodMaxHeldBytes(int v) {
        return new ServerConfig(serverName, network, version, motd, password, maxConnections, maxSendQBytes, pingInterval, pingTimeout, registrationTimeout, floodRate, floodBurst, v);
    }

    /** This configuration with flood control off ({@code floodRate} 0): what the benchmark runs. */
    public ServerConfig withoutFloodControl() {
        return withFloodRate(0);
    }
}
