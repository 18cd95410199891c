package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.config.ServerConfig;
import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.TestAbortedException;

/**
 * What every scenario family shares: the server under test (a fresh one per test, started lazily
 * with {@link #testConfig()} or explicitly with {@link #startServer}), clients over the family's
 * {@link Transport}, expected-line builders, and cleanup. Each test is bounded by {@link Timeout}
 * and every wait by {@link IrcTestClient#TIMEOUT}, so nothing hangs.
 *
 * <p>Subclasses are abstract scenario families; {@link ConformanceSuite} binds each to a server
 * factory and a transport. Not thread-safe: one instance per test, used by the test thread.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class ScenarioBase {

    /** Server name of {@link #testConfig()}: the source of every numeric. */
    public static final String SERVER = "irc.test";
    /** Network name of {@link #testConfig()}. */
    public static final String NETWORK = "TestNet";
    /** Version of {@link #testConfig()}. */
    public static final String VERSION = "chatscale-test";
    /** MOTD lines of {@link #testConfig()}. */
    public static final List<String> MOTD = List.of("Hello from the conformance suite", "Second line");
    /** The host every test client has: the server sees loopback IPv4. */
    public static final String HOST = "127.0.0.1";

    private final TestServerFactory factory;
    private final Transport transport;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private TestServer server;

    protected ScenarioBase(TestServerFactory factory, Transport transport) {
        this.factory = factory;
        this.transport = transport;
    }

    /**
     * The configuration tests use unless they need something special; timeouts long enough not to
     * interfere; flood control off, so scenarios may send as fast as they like ({@code FloodScenarios}
     * turns it on).
     */
    public static ServerConfig testConfig() {
        return ServerConfig.defaults()
                .withServerName(SERVER)
                .withNetwork(NETWORK)
                .withVersion(VERSION)
                .withMotd(MOTD)
                .withMaxConnections(200)
                .withPingInterval(Duration.ofSeconds(60))
                .withPingTimeout(Duration.ofSeconds(60))
                .withRegistrationTimeout(Duration.ofSeconds(60))
                .withoutFloodControl();
    }

    /** The transport this family runs over. */
    protected Transport transport() {
        return transport;
    }

    /** The server of this test, started with {@link #testConfig()} on first use. */
    protected TestServer server() {
        if (server == null) {
            startServer(testConfig());
        }
        return server;
    }

    /**
     * Starts this test's server with {@code config}; call before the first client. A factory may
     * throw {@link TestAbortedException} to skip the test (e.g. a transport unavailable here).
     */
    protected TestServer startServer(ServerConfig config) {
        if (server != null) {
            throw new IllegalStateException("this test already started its server");
        }
        try {
            server = factory.start(config);
        } catch (TestAbortedException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("server factory failed to start a server", e);
        }
        return server;
    }

    /** Connects an unregistered client labelled {@code name}. */
    protected IrcTestClient connect(String name) {
        return connect(name, 0);
    }

    /** Connects with a TCP receive buffer of {@code receiveBufferBytes} (0 = default). */
    protected IrcTestClient connect(String name, int receiveBufferBytes) {
        TestServer s = server();
        try {
            IrcTestClient client = transport.connect(s, name, receiveBufferBytes);
            opened.add(client);
            return client;
        } catch (IOException e) {
            throw new AssertionError(name + ": could not connect over " + transport, e);
        }
    }

    /** Closes {@code resource} after the test, before the server. */
    protected <T extends AutoCloseable> T track(T resource) {
        opened.add(resource);
        return resource;
    }

    /** Connects and registers as {@code nick}. */
    protected IrcTestClient registered(String nick) {
        IrcTestClient client = connect(nick);
        client.register(nick);
        return client;
    }

    /** Connects, registers as {@code nick}, joins {@code channel} and waits for its 366. */
    protected IrcTestClient joined(String nick, String channel) {
        IrcTestClient client = registered(nick);
        join(client, channel);
        return client;
    }

    /** Sends {@code JOIN channel} and waits for the end of the NAMES reply; returns the burst. */
    protected static List<IrcLine> join(IrcTestClient client, String channel) {
        client.send("JOIN " + channel);
        return client.collectUntil(l -> l.isNumeric("366") || l.isErrorNumeric(), IrcTestClient.TIMEOUT,
                "366 for " + channel);
    }

    /** Skips the test unless the transport can send raw bytes (TCP). */
    protected void assumeRawBytes() {
        Assumptions.assumeTrue(transport == Transport.TCP, "needs a byte stream (TCP)");
    }

    /** {@code nick!~nick@127.0.0.1}: how users registered by {@link IrcTestClient#register} appear. */
    protected static String mask(String nick) {
        return nick + "!~" + nick + "@" + HOST;
    }

    /** A numeric reply line from the server: {@code :irc.test <code> <me> <rest>}. */
    protected static String reply(String code, String me, String rest) {
        return ":" + SERVER + " " + code + " " + me + " " + rest;
    }

    /** A relayed line from user {@code nick}: {@code :nick!~nick@127.0.0.1 <rest>}. */
    protected static String from(String nick, String rest) {
        return ":" + mask(nick) + " " + rest;
    }

    /** Asserts that none of {@code lines} satisfies {@code unwanted}. */
    protected static void assertNone(List<IrcLine> lines, Predicate<IrcLine> unwanted, String description) {
        assertThat(lines).as(description).noneMatch(unwanted);
    }

    /** Asserts that exactly one of {@code lines} says {@code expected}. */
    protected static void assertExactlyOnce(List<IrcLine> lines, String expected) {
        IrcLine want = IrcLine.parse(expected);
        assertThat(lines).as("exactly one '%s' in %s", expected, lines).filteredOn(want::sameMessage).hasSize(1);
    }

    /** Whether the line says {@code expected}. */
    protected static Predicate<IrcLine> line(String expected) {
        IrcLine want = IrcLine.parse(expected);
        return want::sameMessage;
    }

    @AfterEach
    void closeEverything() {
        for (AutoCloseable c : opened.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort: the server closes next anyway
            }
        }
        opened.clear();
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
