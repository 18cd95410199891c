package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §3: PING/PONG in both directions and the ping timeout. */
public abstract class LivenessScenarios extends ScenarioBase {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG_WAIT = Duration.ofSeconds(10);

    protected LivenessScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    private static boolean isServerPing(IrcLine l) {
        return l.verb().equals("PING") && (l.source() == null || l.source().equals(SERVER)) && !l.last().isEmpty();
    }

    @Test
    void clientPingGetsPongWithToken() {
        IrcTestClient alice = registered("alice");
        alice.send("PING " + SERVER);
        alice.expect(":" + SERVER + " PONG " + SERVER + " :" + SERVER);
        alice.send("PING :lag check 42");
        alice.expect(":" + SERVER + " PONG " + SERVER + " :lag check 42");
    }

    @Test
    void unsolicitedPongIsAcceptedSilently() {
        IrcTestClient alice = registered("alice");
        alice.send("PONG :no-such-token");
        assertThat(alice.sync()).isEmpty();
    }

    @Test
    void serverPingsAfterSilenceAndPongKeepsTheLinkAlive() {
        startServer(testConfig().withPingInterval(SHORT).withPingTimeout(Duration.ofSeconds(3)));
        IrcTestClient alice = registered("alice");
        IrcLine ping = alice.expect(LivenessScenarios::isServerPing, LONG_WAIT, "server PING");
        alice.send("PONG :" + ping.last());
        // answered: the next PING comes after another interval, and the link stays up
        IrcLine again = alice.expect(LivenessScenarios::isServerPing, LONG_WAIT, "second server PING");
        alice.send("PONG :" + again.last());
        alice.sync();
    }

    @Test
    void silentClientIsClosedAfterPingTimeoutAndPeersSeeQuit() {
        startServer(testConfig().withPingInterval(SHORT).withPingTimeout(Duration.ofSeconds(1)));
        IrcTestClient silent = joined("silent", "#c");
        IrcTestClient bob = joined("bob", "#c").autoPong(true);
        List<IrcLine> lines = silent.awaitClosed(LONG_WAIT);
        assertThat(lines).anyMatch(l -> l.raw().matches(
                "ERROR :Closing Link: " + HOST.replace(".", "\\.") + " \\(Ping timeout: \\d+ seconds?\\)"));
        IrcLine quit = bob.expect(l -> l.verb().equals("QUIT"), LONG_WAIT, "QUIT of silent");
        assertThat(quit.source()).isEqualTo(mask("silent"));
        assertThat(quit.last()).matches("Ping timeout: \\d+ seconds?");
        bob.sync();
    }

    @Test
    void anyLineCountsAsActivity() {
        startServer(testConfig().withPingInterval(SHORT).withPingTimeout(Duration.ofSeconds(2)));
        IrcTestClient alice = registered("alice");
        // answer the PING with an ordinary command instead of PONG: still alive afterwards
        alice.expect(LivenessScenarios::isServerPing, LONG_WAIT, "server PING");
        alice.send("MODE alice");
        alice.expectNumeric("221");
        alice.expect(LivenessScenarios::isServerPing, LONG_WAIT, "next server PING");
        alice.send("PONG :x");
        alice.sync();
    }
}
