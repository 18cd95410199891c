package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.config.ServerConfig;
import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Per-client flood control (PROTOCOL.md §10, "optional per-client command rate (token bucket)"):
 * lines beyond a client's rate are delayed, not dropped, and keep their order; other clients are not
 * slowed; a client whose delayed input passes {@code floodMaxHeldBytes} is closed with
 * {@code ERROR :Closing Link: <ip> (Excess Flood)}. Every test starts its own server with flood
 * control on ({@link #testConfig()} turns it off for the other families).
 */
@Tag("flood")
public abstract class FloodScenarios extends ScenarioBase {

    /** Long enough for tens of delayed lines at the rates below, with ticks of up to 1 s. */
    private static final Duration DRAIN = Duration.ofSeconds(15);

    protected FloodScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    /**
     * {@code count} lines {@code PRIVMSG #c :m<i> <padding>} sent back to back (TCP: in one write).
     * A send that fails because the server already closed the link ends the flood quietly: for a
     * flooder past the hard limit that close is the expected outcome, checked by the caller.
     *
     * @return whether every line was sent before the server closed the link
     */
    private boolean flood(IrcTestClient client, int count, int padding) {
        try {
            sendFlood(client, count, padding);
            return true;
        } catch (UncheckedIOException closedMidFlood) {
            return false; // the caller's expectations tell whether the close was right
        }
    }

    private void sendFlood(IrcTestClient client, int count, int padding) {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            lines.add("PRIVMSG #c :m" + i + " " + "x".repeat(padding));
        }
        if (transport() == Transport.TCP) {
            client.sendRaw((String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            lines.forEach(client::send);
        }
    }

    private static boolean isFrom(IrcLine l, String nick) {
        return l.verb().equals("PRIVMSG") && nick.equals(l.sourceNick());
    }

    private static String word(IrcLine l) {
        String text = l.last();
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }

    @Test
    void flooderIsDelayedNotDroppedAndInOrderWhileAPeerIsNot() {
        startServer(testConfig().withFloodRate(10).withFloodBurst(10));
        IrcTestClient watcher = joined("watcher", "#c");
        IrcTestClient peer = joined("peer", "#c");
        IrcTestClient flooder = joined("flooder", "#c");
        watcher.sync();
        peer.sync();

        flood(flooder, 40, 8); // at most 10 pass at once, 30 or more wait for 3 s of tokens
        peer.expect(l -> isFrom(l, "flooder") && word(l).equals("m1"), IrcTestClient.TIMEOUT, "m1 of the flooder");
        peer.send("PRIVMSG #c :marker");

        List<IrcLine> seen = watcher.collectUntil(l -> isFrom(l, "flooder") && word(l).equals("m40"), DRAIN,
                "m40 of the flooder");
        List<String> flooded = seen.stream().filter(l -> isFrom(l, "flooder")).map(FloodScenarios::word).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            expected.add("m" + i);
        }
        assertThat(flooded).as("every flooded line, once, in order").isEqualTo(expected);
        int marker = indexOf(seen, l -> isFrom(l, "peer") && l.last().equals("marker"));
        assertThat(marker).as("the peer's line, sent after m1 arrived, overtakes the flooder's delayed lines: %s", seen)
                .isGreaterThanOrEqualTo(0)
                .isLessThan(seen.size() - 1);
        assertThat(flooder.sync()).noneMatch(l -> l.verb().equals("ERROR"));
    }

    @Test
    void peerChattingDuringAFloodIsNotDelayed() {
        startServer(testConfig().withFloodRate(5).withFloodBurst(10));
        IrcTestClient watcher = joined("watcher", "#c");
        IrcTestClient peer = joined("peer", "#c");
        IrcTestClient flooder = joined("flooder", "#c");
        watcher.sync();

        flood(flooder, 30, 8); // 20 or more wait at 5 lines/s: 4 s at least
        peer.expect(l -> isFrom(l, "flooder") && word(l).equals("m1"), IrcTestClient.TIMEOUT, "m1 of the flooder");
        for (int i = 1; i <= 5; i++) {
            peer.send("PRIVMSG #c :p" + i);
        }
        List<IrcLine> seen = watcher.collectUntil(l -> isFrom(l, "peer") && l.last().equals("p5"), IrcTestClient.TIMEOUT,
                "the peer's fifth line");
        assertThat(seen.stream().filter(l -> isFrom(l, "peer")).map(IrcLine::last))
                .containsExactly("p1", "p2", "p3", "p4", "p5");
        assertThat(seen.stream().filter(l -> isFrom(l, "flooder")).map(FloodScenarios::word))
                .as("the peer's lines arrive while the flooder's are still held").doesNotContain("m30");
        watcher.expect(l -> isFrom(l, "flooder") && word(l).equals("m30"), DRAIN, "m30 of the flooder, later");
    }

    @Test
    void flooderPastTheHardLimitIsClosedWithExcessFlood() {
        ServerConfig config = testConfig().withFloodRate(1).withFloodBurst(5).withFloodMaxHeldBytes(2048);
        startServer(config);
        IrcTestClient peer = joined("peer", "#c");
        IrcTestClient flooder = joined("flooder", "#c");
        peer.sync();

        boolean sentAll = flood(flooder, 40, 200); // ~8 KiB: far beyond 2 KiB of held lines

        List<IrcLine> last = flooder.awaitClosed(DRAIN);
        if (sentAll || transport() == Transport.TCP) {
            assertThat(last).anyMatch(line("ERROR :Closing Link: " + HOST + " (Excess Flood)"));
        }
        // else: the server closed while the JDK's WebSocket client was still sending; the lines it
        // had not read yet made the close a reset, the client's send failed, and the JDK client
        // then drops what it had received, ERROR included. The peer's QUIT below still shows why.
        IrcLine quit = peer.expect(l -> l.verb().equals("QUIT"), DRAIN, "QUIT of the flooder");
        assertThat(quit.source()).isEqualTo(mask("flooder"));
        assertThat(quit.last()).isEqualTo("Excess Flood");
        assertNone(peer.sync(), l -> isFrom(l, "flooder"), "nothing held is relayed after the close");
    }

    private static int indexOf(List<IrcLine> lines, java.util.function.Predicate<IrcLine> p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
