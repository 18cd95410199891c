package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import dev.chatscale.testkit.client.WebSocketLineTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §8, WebSocket only: subprotocol choice (none, text, binary, first supported), sloppy
 * CRLF, and TCP and WebSocket users in one conversation (UTF-8 repair across the two). Bound only in
 * {@link ConformanceSuite.OverWebSocket}; skipped when the server has no WebSocket.
 */
@Tag("wsbinding")
public abstract class WebSocketScenarios extends ScenarioBase {

    protected WebSocketScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    private IrcTestClient webSocket(String name, List<String> offered) {
        InetSocketAddress ws = server().wsAddress();
        Assumptions.assumeTrue(ws != null, "server under test serves no WebSocket");
        try {
            return track(IrcTestClient.open(name, sink -> WebSocketLineTransport.connect(ws, offered, sink)));
        } catch (IOException e) {
            throw new AssertionError(name + ": WebSocket connect offering " + offered + " failed", e);
        }
    }

    private static WebSocketLineTransport ws(IrcTestClient client) {
        return (WebSocketLineTransport) client.transport();
    }

    private IrcTestClient tcp(String name) {
        try {
            return track(Transport.TCP.connect(server(), name, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void clientOfferingNoSubprotocolIsAcceptedWithTextFrames() {
        IrcTestClient gamja = webSocket("gamja", List.of());
        gamja.register("gamja");
        assertThat(ws(gamja).subprotocol()).isEmpty();
        assertThat(ws(gamja).textMessages()).isPositive();
        assertThat(ws(gamja).binaryMessages()).isZero();
    }

    @Test
    void binarySubprotocolGetsTheSameLinesInBinaryFrames() {
        IrcTestClient c = webSocket("bin", List.of("binary.ircv3.net"));
        List<IrcLine> burst = c.register("bin");
        assertThat(ws(c).subprotocol()).isEqualTo("binary.ircv3.net");
        assertThat(burst).anyMatch(line(reply("001", "bin", ":Welcome to the " + NETWORK + " IRC Network " + mask("bin"))));
        assertThat(ws(c).binaryMessages()).isPositive();
        assertThat(ws(c).textMessages()).isZero();
    }

    @Test
    void firstSupportedSubprotocolInClientOrderIsSelected() {
        IrcTestClient c = webSocket("c", List.of("x-unknown.example", "text.ircv3.net", "binary.ircv3.net"));
        assertThat(ws(c).subprotocol()).isEqualTo("text.ircv3.net");
        IrcTestClient d = webSocket("d", List.of("binary.ircv3.net", "text.ircv3.net"));
        assertThat(ws(d).subprotocol()).isEqualTo("binary.ircv3.net");
    }

    @Test
    void trailingCrlfInAMessageIsStripped() throws IOException {
        IrcTestClient c = webSocket("sloppy", List.of("text.ircv3.net"));
        ws(c).sendMessage("NICK sloppy\r\n");
        ws(c).sendMessage("USER sloppy 0 * :Real sloppy\r\n");
        c.awaitWelcome();
        ws(c).sendMessage("PING :crlf\r\n");
        c.expect(":" + SERVER + " PONG " + SERVER + " :crlf");
    }

    @Test
    void tcpAndWebSocketUsersShareAChannel() {
        IrcTestClient alice = tcp("alice");
        alice.register("alice");
        join(alice, "#mixed");
        IrcTestClient bob = webSocket("bob", List.of("text.ircv3.net"));
        bob.register("bob");
        join(bob, "#mixed");
        alice.expect(from("bob", "JOIN #mixed"));
        alice.send("PRIVMSG #mixed :from tcp é");
        bob.expect(from("alice", "PRIVMSG #mixed :from tcp é"));
        bob.send("PRIVMSG #mixed :from websocket ü");
        alice.expect(from("bob", "PRIVMSG #mixed :from websocket ü"));
        bob.send("PRIVMSG alice :private");
        alice.expect(from("bob", "PRIVMSG alice :private"));
    }

    @Test
    void invalidUtf8FromTcpReachesWebSocketAsReplacementCharacters() {
        IrcTestClient alice = tcp("alice");
        alice.register("alice");
        IrcTestClient bob = webSocket("bob", List.of("text.ircv3.net"));
        bob.register("bob");
        byte[] head = "PRIVMSG bob :bad ".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + 5];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xc3; // truncated 2-byte sequence
        bytes[head.length + 1] = (byte) 0xff;
        bytes[head.length + 2] = 'x';
        bytes[head.length + 3] = '\r';
        bytes[head.length + 4] = '\n';
        alice.sendRaw(bytes);
        IrcLine got = bob.expect(l -> l.verb().equals("PRIVMSG"), IrcTestClient.TIMEOUT, "relayed PRIVMSG");
        assertThat(got.last()).startsWith("bad ").contains("\uFFFD").endsWith("x");
        bob.sync(); // the text frame was valid UTF-8: the JDK client would have failed the link otherwise
    }

    @Test
    void fragmentedMessageIsReassembledIntoOneLine() throws IOException {
        IrcTestClient c = webSocket("frag", List.of("text.ircv3.net"));
        c.register("frag");
        IrcTestClient bob = registered("bob");
        ws(c).sendFragmented("PRIVMSG bob", " :in three", " pieces");
        bob.expect(from("frag", "PRIVMSG bob :in three pieces"));
    }

    @Test
    void pingFrameIsAnsweredWithPong() throws Exception {
        IrcTestClient c = webSocket("pinger", List.of("text.ircv3.net"));
        c.register("pinger");
        ByteBuffer pong = ws(c).ping("are you there").get(5, TimeUnit.SECONDS);
        assertThat(StandardCharsets.UTF_8.decode(pong).toString()).isEqualTo("are you there");
    }

    @Test
    void closeFrameWithoutQuitIsSeenAsQuitByPeers() {
        IrcTestClient alice = webSocket("alice", List.of("text.ircv3.net"));
        alice.register("alice");
        join(alice, "#c");
        IrcTestClient bob = joined("bob", "#c");
        alice.close();
        IrcLine quit = bob.expect(l -> l.verb().equals("QUIT"), IrcTestClient.TIMEOUT, "QUIT of alice");
        assertThat(quit.source()).isEqualTo(mask("alice"));
        bob.send("WHOIS alice");
        bob.expect(reply("401", "bob", "alice :No such nick/channel"));
    }
}
