package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import dev.chatscale.testkit.client.WebSocketLineTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bad input never crashes the server, never reaches other users raw, and never lets anyone speak as
 * someone else (PROTOCOL.md §1, §5; HELPERS.md: "bad input always gets a clear error"). Covers what
 * {@link SyntaxScenarios} and {@link LimitScenarios} do not: the exact 510/511-byte boundary, NUL and
 * a lone CR inside a line, random bytes, and spoofed {@code :prefix} on channel messages and QUIT.
 * Raw-byte cases run over TCP only; the rest over both transports.
 */
@Tag("hostile")
public abstract class HostileInputScenarios extends ScenarioBase {

    protected HostileInputScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    /** Sends one message as it is: TCP bytes + CRLF, or one WebSocket text message (CR inside allowed). */
    private void sendUnchecked(IrcTestClient c, String message) {
        try {
            if (transport() == Transport.TCP) {
                c.sendRaw((message + "\r\n").getBytes(StandardCharsets.UTF_8));
            } else {
                ((WebSocketLineTransport) c.transport()).sendMessage(message);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void lineOf510BytesIsRelayedAndOf511BytesGets417() {
        IrcTestClient alice = registered("alice");
        IrcTestClient bob = registered("bob");
        String head = "PRIVMSG bob :";
        alice.send(head + "y".repeat(511 - head.length())); // 511 bytes + CRLF = 513
        alice.expect(reply("417", "alice", ":Input line was too long"));
        alice.send(head + "x".repeat(510 - head.length())); // 510 bytes + CRLF = 512: the limit itself
        IrcLine got = bob.expect(l -> l.verb().equals("PRIVMSG"), IrcTestClient.TIMEOUT, "the 510-byte PRIVMSG");
        assertThat(got.last()).as("the too-long line was dropped, the maximal one relayed").startsWith("x");
        assertThat(got.raw().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(510);
        assertNone(alice.sync(), l -> l.isNumeric("417"), "no 417 for a 510-byte line");
    }

    @Test
    void nulInsideALineReachesPeersAsReplacementCharacter() {
        IrcTestClient alice = registered("alice");
        IrcTestClient bob = registered("bob");
        sendUnchecked(alice, "PRIVMSG bob :nul\0inside");
        IrcLine got = bob.expect(l -> l.verb().equals("PRIVMSG"), IrcTestClient.TIMEOUT, "relayed PRIVMSG");
        assertThat(got.source()).isEqualTo(mask("alice"));
        assertThat(got.last()).isEqualTo("nul\uFFFDinside");
        alice.send("PRIVMSG bob :still here");
        bob.expect(from("alice", "PRIVMSG bob :still here"));
    }

    @Test
    void loneCrEndsALineAndNeverReachesPeers() {
        IrcTestClient alice = registered("alice");
        IrcTestClient bob = registered("bob");
        sendUnchecked(alice, "PRIVMSG bob :one\rPRIVMSG bob :two");
        IrcLine first = bob.expect(l -> l.verb().equals("PRIVMSG"), IrcTestClient.TIMEOUT, "first PRIVMSG");
        IrcLine second = bob.expect(l -> l.verb().equals("PRIVMSG"), IrcTestClient.TIMEOUT, "second PRIVMSG");
        assertThat(List.of(first.last(), second.last())).containsExactly("one", "two");
        assertThat(bob.badlyFramedLines()).as("no CR inside a line sent to bob").isZero();
        assertNone(bob.sync(), l -> l.raw().indexOf('\r') >= 0, "no raw CR relayed");
    }

    @Test
    void randomBytesGetErrorsNotACrashAndOthersAreUnaffected() {
        assumeRawBytes();
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = joined("bob", "#c");
        IrcTestClient noise = joined("noise", "#c");
        alice.sync();
        bob.sync();
        Random random = new Random(20261207L); // fixed seed: the same garbage every run
        byte[] chunk = new byte[1024];
        for (int i = 0; i < 32; i++) {
            random.nextBytes(chunk);
            noise.sendRaw(chunk);
        }
        noise.sendRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
        // the garbage is answered with error replies; the noisy client itself is still served
        List<IrcLine> answers = noise.sync();
        assertThat(answers).as("garbage gets error replies").anyMatch(IrcLine::isErrorNumeric);
        assertNone(answers, l -> l.verb().equals("ERROR"), "no disconnect for garbage short of a flood");
        // nobody else hears a thing, and the channel works as before
        assertNone(bob.sync(), l -> "noise".equals(l.sourceNick()), "nothing of the garbage reaches bob");
        alice.send("PRIVMSG #c :after the noise");
        bob.expect(from("alice", "PRIVMSG #c :after the noise"));
        noise.expect(from("alice", "PRIVMSG #c :after the noise"));
        registered("newcomer");
    }

    @Test
    void spoofedPrefixOnAChannelMessageIsIgnored() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = joined("bob", "#c");
        IrcTestClient carol = joined("carol", "#c");
        alice.sync();
        alice.send(":" + mask("bob") + " PRIVMSG #c :I am bob");
        IrcLine got = carol.expect(l -> l.verb().equals("PRIVMSG"), IrcTestClient.TIMEOUT, "relayed PRIVMSG");
        assertThat(got).matches(line(from("alice", "PRIVMSG #c :I am bob")), "spoken as alice");
        bob.expect(from("alice", "PRIVMSG #c :I am bob"));
    }

    @Test
    void spoofedPrefixOnQuitClosesOnlyTheSender() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = joined("bob", "#c");
        IrcTestClient carol = joined("carol", "#c");
        alice.sync();
        alice.send(":bob QUIT :bob leaves");
        alice.awaitClosed();
        IrcLine quit = carol.expect(l -> l.verb().equals("QUIT"), IrcTestClient.TIMEOUT, "a QUIT");
        assertThat(quit.source()).isEqualTo(mask("alice"));
        bob.send("PRIVMSG #c :bob is still here");
        carol.expect(from("bob", "PRIVMSG #c :bob is still here"));
    }

    @Test
    void spoofedPrefixBeforeRegistrationStillGets451() {
        registered("bob");
        IrcTestClient c = connect("c");
        c.send(":" + mask("bob") + " PRIVMSG bob :hi");
        c.expect(reply("451", "*", ":You have not registered"));
    }
}
