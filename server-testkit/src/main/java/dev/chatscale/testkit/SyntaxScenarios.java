package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §1: framing, tolerant parsing (telnet, nc), line limits, 421. */
public abstract class SyntaxScenarios extends ScenarioBase {

    protected SyntaxScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    @Test
    void lowerCaseCommandsWork() {
        IrcTestClient alice = connect("alice");
        alice.send("nick alice").send("user alice 0 * :Real alice");
        alice.awaitWelcome();
        IrcTestClient bob = joined("bob", "#c");
        alice.send("join #c");
        bob.expect(from("alice", "JOIN #c"));
        alice.send("privmsg #c :hello");
        bob.expect(from("alice", "PRIVMSG #c :hello"));
    }

    @Test
    void extraSpacesBetweenParametersAreCollapsed() {
        IrcTestClient alice = connect("alice");
        alice.send("NICK   alice").send("USER  alice  0  *  :Real alice");
        alice.awaitWelcome();
        IrcTestClient bob = registered("bob");
        alice.send("PRIVMSG   bob   :two  spaces kept");
        bob.expect(from("alice", "PRIVMSG bob :two  spaces kept"));
    }

    @Test
    void clientSourcePrefixIsIgnored() {
        IrcTestClient alice = registered("alice");
        IrcTestClient bob = registered("bob");
        alice.send(":mallory!evil@example PRIVMSG bob :hi");
        bob.expect(from("alice", "PRIVMSG bob :hi"));
    }

    @Test
    void lfOnlyLinesWorkLikeNetcat() {
        assumeRawBytes();
        IrcTestClient nc = connect("nc");
        nc.sendRaw("NICK nc\nUSER nc 0 * :Real nc\n".getBytes(StandardCharsets.US_ASCII));
        nc.awaitWelcome();
        nc.sendRaw("PING lf\n".getBytes(StandardCharsets.US_ASCII));
        nc.expect(":" + SERVER + " PONG " + SERVER + " :lf");
    }

    @Test
    void linesSplitAcrossWritesAndSeveralLinesPerWriteAreFramed() {
        assumeRawBytes();
        IrcTestClient c = connect("c");
        byte[] all = "NICK c\r\nUSER c 0 * :Real c\r\nPING one\r\nPING two\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 10; i++) {
            c.sendRaw(new byte[] {all[i]});
        }
        c.sendRaw(Arrays.copyOfRange(all, 10, all.length));
        c.awaitWelcome();
        c.expect(":" + SERVER + " PONG " + SERVER + " :one");
        c.expect(":" + SERVER + " PONG " + SERVER + " :two");
    }

    @Test
    void emptyLinesAreIgnoredSilently() {
        IrcTestClient alice = registered("alice");
        if (transport() == Transport.TCP) {
            alice.sendRaw("\r\n\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            alice.send("");
        }
        assertThat(alice.sync()).isEmpty();
    }

    @Test
    void everyServerLineIsProperlyFramed() {
        IrcTestClient alice = joined("alice", "#c");
        alice.send("TOPIC #c :a topic with spaces");
        alice.send("WHOIS alice");
        alice.expectNumeric("318");
        alice.sync();
        assertThat(alice.badlyFramedLines()).as("lines not framed per transport (TCP: CRLF)").isZero();
    }

    @Test
    void unknownCommandGives421() {
        IrcTestClient alice = registered("alice");
        alice.send("FROBNICATE now");
        alice.expect(reply("421", "alice", "FROBNICATE :Unknown command"));
    }

    @Test
    void tooFewParametersGive461() {
        IrcTestClient alice = registered("alice");
        alice.send("JOIN");
        alice.expect(reply("461", "alice", "JOIN :Not enough parameters"));
    }

    @Test
    void tooLongLineGives417AndIsDropped() {
        IrcTestClient alice = registered("alice");
        IrcTestClient bob = registered("bob");
        alice.send("PRIVMSG bob :" + "x".repeat(600));
        alice.expect(reply("417", "alice", ":Input line was too long"));
        alice.send("PRIVMSG bob :short");
        IrcLine first = bob.expect(l -> l.verb().equals("PRIVMSG"), IrcTestClient.TIMEOUT, "PRIVMSG");
        assertThat(first).matches(line(from("alice", "PRIVMSG bob :short")), "only the short line is relayed");
    }

    @Test
    void maximalLineIsAcceptedAndRelayTruncatedTo512Bytes() {
        IrcTestClient alice = registered("alice");
        IrcTestClient bob = registered("bob");
        String prefix = "PRIVMSG bob :";
        String text = "é".repeat((510 - prefix.length()) / 2); // 2 bytes each: input line <= 510 bytes
        alice.send(prefix + text);
        IrcLine relayed = bob.expect(l -> l.verb().equals("PRIVMSG"), IrcTestClient.TIMEOUT, "relayed PRIVMSG");
        assertThat(relayed.raw().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(510);
        assertThat(relayed.last()).isNotEmpty().matches("é+");
        assertThat(text).startsWith(relayed.last());
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() {
        assumeRawBytes();
        IrcTestClient alice = registered("alice");
        IrcTestClient bob = registered("bob");
        byte[] head = "PRIVMSG bob :bad ".getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[head.length + 4];
        System.arraycopy(head, 0, line, 0, head.length);
        line[head.length] = (byte) 0xff;
        line[head.length + 1] = (byte) 0xfe;
        line[head.length + 2] = '\r';
        line[head.length + 3] = '\n';
        alice.sendRaw(line);
        IrcLine relayed = bob.expect(l -> l.verb().equals("PRIVMSG"), IrcTestClient.TIMEOUT, "relayed PRIVMSG");
        assertThat(relayed.last()).startsWith("bad ").contains("\uFFFD");
        alice.sync();
    }
}
