package dev.chatscale.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.metrics.CounterMetrics;
import dev.chatscale.protocol.session.TestServer.Conn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramingTest {
    private final CounterMetrics metrics = new CounterMetrics();
    private final TestServer server = new TestServer(TestServer.config(), metrics);

    private static final String REGISTRATION = "NICK frank\r\nUSER frank 0 * :Frank\r\nJOIN #f\r\n";

    private static List<String> registrationReplies(Conn c) {
        return c.take();
    }

    @Test
    void registrationFedWholeByteByByteAndInOddChunksGivesTheSameReplies() {
        Conn whole = server.connect();
        whole.bytes(REGISTRATION.getBytes(StandardCharsets.UTF_8));
        List<String> expected = registrationReplies(whole);
        assertThat(expected).contains(":frank!~frank@127.0.0.1 JOIN #f");
        whole.send("QUIT");

        Conn bytewise = server.connect();
        for (byte b : REGISTRATION.getBytes(StandardCharsets.UTF_8)) {
            bytewise.bytes(new byte[] {b});
        }
        assertThat(registrationReplies(bytewise)).isEqualTo(expected);
        bytewise.send("QUIT");

        Conn chunked = server.connect();
        byte[] all = REGISTRATION.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < all.length; i += 7) {
            byte[] part = java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + 7));
            chunked.bytes(part);
        }
        assertThat(registrationReplies(chunked)).isEqualTo(expected);
    }

    @Test
    void bareLfAndLoneCrEndLinesToo() {
        Conn c = server.connect();
        c.bytes("NICK lf\nUSER lf 0 * :L\rPING x\n".getBytes(StandardCharsets.UTF_8));
        assertThat(c.take()).contains(":irc.test 001 lf :Welcome to the TestNet IRC Network lf!~lf@127.0.0.1")
                .last().isEqualTo(":irc.test PONG irc.test :x");
    }

    @Test
    void trailingPartialLineWaitsForItsTerminator() {
        Conn alice = server.user("alice");
        alice.bytes("PING one\r\nPING tw".getBytes(StandardCharsets.UTF_8));
        assertThat(alice.take()).containsExactly(":irc.test PONG irc.test :one");
        alice.bytes("o\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(alice.take()).containsExactly(":irc.test PONG irc.test :two");
    }

    @Test
    void lineOver512BytesIs417AndDroppedButTheSessionGoesOn() {
        Conn alice = server.user("alice");
        Conn bob = server.user("bob");
        String tooLong = "PRIVMSG bob :" + "x".repeat(510 - 13 + 1);
        assertThat(alice.ask(tooLong)).containsExactly(":irc.test 417 alice :Input line was too long");
        assertThat(bob.take()).isEmpty();
        String justFits = "PRIVMSG bob :" + "x".repeat(510 - 13);
        assertThat(alice.ask(justFits)).isEmpty();
        assertThat(bob.take()).hasSize(1);
        assertThat(alice.session.isClosed()).isFalse();
    }

    @Test
    void unterminatedLineBeyond8KibIsExcessFlood() {
        Conn alice = server.user("alice");
        Conn bob = server.user("bob");
        alice.send("JOIN #f");
        bob.send("JOIN #f");
        bob.take();
        alice.take();
        byte[] flood = "x".repeat(4096).getBytes(StandardCharsets.UTF_8);
        alice.bytes(flood);
        alice.bytes(flood);
        assertThat(alice.take()).isEmpty();
        alice.bytes(new byte[] {'y'});
        assertThat(alice.take()).containsExactly("ERROR :Closing Link: 127.0.0.1 (Excess Flood)");
        assertThat(alice.out.closed()).isTrue();
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 QUIT :Excess Flood");
    }

    @Test
    void nulInANickIsAnErroneousNickname() {
        Conn c = server.connect();
        c.bytes("NICK a\0b\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(c.take()).containsExactly(":irc.test 432 * a\uFFFDb :Erroneous nickname");
    }

    @Test
    void invalidUtf8FromTcpIsRelayedAsReplacementCharacters() {
        Conn alice = server.user("alice");
        Conn bob = server.user("bob");
        byte[] line = {'P', 'R', 'I', 'V', 'M', 'S', 'G', ' ', 'b', 'o', 'b', ' ', ':', 'a', (byte) 0xc3, (byte) 0x28, '\n'};
        alice.bytes(line);
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 PRIVMSG bob :a\uFFFD(");
    }

    @Test
    void webSocketMessageIsOneLineWithOptionalCrlf() {
        RecordingOutbound out = new RecordingOutbound();
        Session ws = server.hub.connect("10.1.2.3", out, server.now);
        for (String m : List.of("NICK web", "USER web 0 * :W\r\n", "PING a\n")) {
            byte[] b = m.getBytes(StandardCharsets.UTF_8);
            ws.onMessage(b, 0, b.length, server.now);
        }
        List<String> lines = new ArrayList<>(out.take());
        assertThat(lines.getFirst()).isEqualTo(":irc.test 001 web :Welcome to the TestNet IRC Network web!~web@10.1.2.3");
        assertThat(lines.getLast()).isEqualTo(":irc.test PONG irc.test :a");
        byte[] tooLong = ("PRIVMSG web :" + "x".repeat(600)).getBytes(StandardCharsets.UTF_8);
        ws.onMessage(tooLong, 0, tooLong.length, server.now);
        assertThat(out.take()).containsExactly(":irc.test 417 web :Input line was too long");
    }

    @Test
    void metricsCountConnectionsAndLines() {
        Conn alice = server.user("alice"); // NICK + USER in, 12-line burst out
        alice.send("PING x");
        alice.send("QUIT");
        CounterMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.connectionsOpened()).isEqualTo(1);
        assertThat(s.connectionsClosed()).isEqualTo(1);
        assertThat(s.connectionsOpen()).isZero();
        assertThat(s.linesIn()).isEqualTo(4);
        assertThat(s.linesOut()).isEqualTo(12 + 1 + 1);
    }

    @Test
    void idleTcpSessionHoldsNoReadBuffer() {
        Conn alice = server.user("alice");
        assertThat(alice.session.readBufferBytes()).isZero();
        alice.bytes("PING a\r\nPI".getBytes(StandardCharsets.UTF_8));
        assertThat(alice.session.readBufferBytes()).isPositive();
        alice.bytes("NG b\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(alice.session.readBufferBytes()).isZero();
    }
}
