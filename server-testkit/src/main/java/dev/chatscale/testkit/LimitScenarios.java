package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Transport limits from the configuration and PROTOCOL.md §1/§8/§10: {@code maxConnections}
 * ("Server full") and input floods (an unterminated line beyond ~8 KiB, an oversized WebSocket message).
 */
@Tag("limits")
public abstract class LimitScenarios extends ScenarioBase {

    private static final int ATTEMPTS = 50;

    protected LimitScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    private static boolean isServerFull(IrcLine l) {
        return l.raw().equals("ERROR :Closing Link: " + HOST + " (Server full)");
    }

    @Test
    void connectionBeyondMaxConnectionsIsRefusedWithServerFull() {
        startServer(testConfig().withMaxConnections(2));
        registered("a");
        registered("b");
        IrcTestClient third;
        try {
            third = connect("third");
        } catch (AssertionError refusedHandshake) {
            return; // a WebSocket server may refuse the upgrade itself: refused is what counts
        }
        List<IrcLine> lines = third.awaitClosed();
        assertThat(lines).as("refused with an ERROR line, nothing else").hasSize(1).allMatch(LimitScenarios::isServerFull);
    }

    @Test
    void slotIsFreedWhenAClientLeaves() throws InterruptedException {
        startServer(testConfig().withMaxConnections(2));
        IrcTestClient a = registered("a");
        registered("b");
        a.send("QUIT :making room");
        a.awaitClosed();
        for (int attempt = 1; ; attempt++) {
            IrcTestClient c = connect("c" + attempt);
            try {
                c.send("NICK c").send("USER c 0 * :Real c");
            } catch (java.io.UncheckedIOException refusedFirst) {
                // still full: the server's refusal and close came before our lines; it is read below
            }
            List<IrcLine> lines = c.collectUntil(l -> l.isNumeric("001") || isServerFull(l), IrcTestClient.TIMEOUT,
                    "001 or Server full");
            if (lines.getLast().isNumeric("001")) {
                return;
            }
            assertThat(attempt).as("slot freed within %d attempts after the QUIT", ATTEMPTS).isLessThan(ATTEMPTS);
            Thread.sleep(100); // the server may release the slot just after the client saw the close
        }
    }

    @Test
    void floodOfInputWithoutLineEndClosesTheLink() {
        IrcTestClient peer = joined("peer", "#c");
        IrcTestClient flooder = joined("flooder", "#c");
        peer.sync();
        String junk = "PRIVMSG #c :" + "x".repeat(16 * 1024);
        if (transport() == Transport.TCP) {
            flooder.sendRaw(junk.getBytes(StandardCharsets.US_ASCII)); // no line end at all
        } else {
            flooder.send(junk); // one 16 KiB message: beyond the ~8 KiB frame cap (close 1009)
        }
        List<IrcLine> last = flooder.awaitClosed();
        assertThat(last).noneMatch(l -> l.verb().equals("PRIVMSG"));
        IrcLine quit = peer.expect(l -> l.verb().equals("QUIT"), IrcTestClient.TIMEOUT, "QUIT of flooder");
        assertThat(quit.source()).isEqualTo(mask("flooder"));
        if (transport() == Transport.TCP) {
            assertThat(quit.last()).isEqualTo("Excess Flood");
            assertThat(last.stream().filter(l -> l.verb().equals("ERROR")))
                    .allMatch(line("ERROR :Closing Link: " + HOST + " (Excess Flood)"));
        }
        assertNone(peer.sync(), l -> l.verb().equals("PRIVMSG"), "nothing of the flood is relayed");
    }
}
