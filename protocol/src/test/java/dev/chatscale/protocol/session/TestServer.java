package dev.chatscale.protocol.session;

import dev.chatscale.protocol.config.ServerConfig;
import dev.chatscale.protocol.metrics.Metrics;
import dev.chatscale.protocol.state.Hub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A hub with a fake clock and helpers to drive sessions by text lines. Not thread-safe. */
public final class TestServer {
    public static final String SERVER = "irc.test";
    public static final long START = 1_700_000_000_000L;

    public final Hub hub;
    public long now = START;

    public TestServer() {
        this(config());
    }

    public TestServer(ServerConfig config) {
        this(config, Metrics.NONE);
    }

    public TestServer(ServerConfig config, Metrics metrics) {
        this.hub = new Hub(config, START, metrics);
    }

    /**
     * Test defaults: server irc.test, network TestNet, one MOTD line, short timeouts, flood control
     * off (the clock only moves when a test says so; {@code FloodControlTest} turns it on).
     */
    public static ServerConfig config() {
        return ServerConfig.defaults()
                .withServerName(SERVER)
                .withNetwork("TestNet")
                .withVersion("test-1")
                .withMotd(List.of("hello"))
                .withPingInterval(Duration.ofSeconds(90))
                .withPingTimeout(Duration.ofSeconds(30))
                .withRegistrationTimeout(Duration.ofSeconds(60))
                .withoutFloodControl();
    }

    public void advance(Duration d) {
        now += d.toMillis();
    }

    public Conn connect() {
        return connect("127.0.0.1");
    }

    public Conn connect(String ip) {
        RecordingOutbound out = new RecordingOutbound();
        return new Conn(this, hub.connect(ip, out, now), out);
    }

    /** Connects and registers {@code nick} (NICK + USER), discarding the welcome burst. */
    public Conn user(String nick) {
        Conn c = connect();
        c.send("NICK " + nick);
        c.send("USER " + nick + " 0 * :Real " + nick);
        List<String> burst = c.take();
        if (burst.isEmpty() || !burst.get(0).contains(" 001 ")) {
            throw new AssertionError("not registered: " + burst);
        }
        return c;
    }

    /** One client connection: its session and what it received. */
    public static final class Conn {
        public final TestServer server;
        public final Session session;
        public final RecordingOutbound out;

        Conn(TestServer server, Session session, RecordingOutbound out) {
            this.server = server;
            this.session = session;
            this.out = out;
        }

        /** Sends one line with CRLF through the TCP path. */
        public Conn send(String line) {
            byte[] b = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
            session.onBytes(b, 0, b.length, server.now);
            return this;
        }

        /** Sends raw bytes through the TCP path. */
        public Conn bytes(byte[] b) {
            session.onBytes(b, 0, b.length, server.now);
            return this;
        }

        /** Lines received since the last take. */
        public List<String> take() {
            return out.take();
        }

        /** Sends a line and returns what it received since the last take. */
        public List<String> ask(String line) {
            send(line);
            return take();
        }

        public void tick() {
            session.onTick(server.now);
        }
    }
}
