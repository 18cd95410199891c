package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import dev.chatscale.testkit.client.RawWebSocketClient;
import dev.chatscale.testkit.client.RawWebSocketClient.Frame;
import dev.chatscale.testkit.client.RawWebSocketClient.HttpResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 abuse of the WebSocket port (PROTOCOL.md §8), with a raw-socket client
 * ({@link RawWebSocketClient}) that sends what the JDK client refuses to: unmasked frames, unknown
 * opcodes, RSV bits, fragmented or oversized control frames, a stray continuation, invalid UTF-8 in
 * a text frame, a 1 GiB length header, broken upgrade requests, a handshake that never ends, and a
 * peer that vanishes in the middle of a frame. Each abuser is closed with the RFC's close code
 * (1002 protocol error, 1007 invalid payload, 1009 too big) or HTTP status, nothing of it is
 * relayed, and peers see its QUIT. WebSocket only: bound in {@link ConformanceSuite.OverWebSocket}.
 */
@Tag("wsabuse")
public abstract class WebSocketAbuseScenarios extends ScenarioBase {

    private static final Duration LONG_WAIT = Duration.ofSeconds(10);

    protected WebSocketAbuseScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    private InetSocketAddress wsAddress() {
        InetSocketAddress ws = server().wsAddress();
        Assumptions.assumeTrue(ws != null, "server under test serves no WebSocket");
        return ws;
    }

    private RawWebSocketClient raw() throws IOException {
        return track(RawWebSocketClient.connect(wsAddress()));
    }

    /** A raw client registered as {@code nick} in {@code #c}, next to {@code bob} (returned via the suite's transport). */
    private RawWebSocketClient abuserInChannel(String nick) throws IOException {
        RawWebSocketClient raw = raw().register(nick);
        raw.sendText("JOIN #c");
        raw.awaitLine("\\S+ 366 .*");
        return raw;
    }

    /** Sends {@code frame} from a registered member of #c and checks close code, QUIT to peers, nothing relayed. */
    private void assertFrameClosesWith(byte[] frame, int closeCode) throws IOException {
        IrcTestClient bob = joined("bob", "#c");
        RawWebSocketClient raw = abuserInChannel("mallory");
        bob.expect(from("mallory", "JOIN #c"));
        raw.writeRaw(frame);
        Frame close = raw.awaitCloseFrame();
        assertThat(close).as("a close frame before the TCP close").isNotNull();
        assertThat(close.closeCode()).as("close code").isEqualTo(closeCode);
        assertThat(raw.awaitEof(LONG_WAIT)).as("TCP connection closed after the close frame").isTrue();
        IrcLine quit = bob.expect(l -> l.verb().equals("QUIT"), LONG_WAIT, "QUIT of mallory");
        assertThat(quit.source()).isEqualTo(mask("mallory"));
        assertNone(bob.sync(), l -> l.verb().equals("PRIVMSG"), "nothing of the bad frame is relayed");
        bob.send("WHOIS mallory");
        bob.expect(reply("401", "bob", "mallory :No such nick/channel"));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void unmaskedClientFrameIsClosedWith1002() throws IOException {
        assertFrameClosesWith(RawWebSocketClient.frame(true, 0, RawWebSocketClient.OP_TEXT, false,
                utf8("PRIVMSG #c :unmasked")), 1002);
    }

    @Test
    void unknownOpcodeIsClosedWith1002() throws IOException {
        assertFrameClosesWith(RawWebSocketClient.frame(true, 0, 0x3, true, utf8("PRIVMSG #c :opcode 3")), 1002);
    }

    @Test
    void reservedBitsWithoutAnExtensionAreClosedWith1002() throws IOException {
        assertFrameClosesWith(RawWebSocketClient.frame(true, 4, RawWebSocketClient.OP_TEXT, true,
                utf8("PRIVMSG #c :rsv1")), 1002);
    }

    @Test
    void fragmentedControlFrameIsClosedWith1002() throws IOException {
        assertFrameClosesWith(RawWebSocketClient.frame(false, 0, RawWebSocketClient.OP_PING, true, utf8("half")), 1002);
    }

    @Test
    void controlFrameOver125BytesIsClosedWith1002() throws IOException {
        assertFrameClosesWith(RawWebSocketClient.frame(true, 0, RawWebSocketClient.OP_PING, true, new byte[126]), 1002);
    }

    @Test
    void continuationWithoutAStartedMessageIsClosedWith1002() throws IOException {
        assertFrameClosesWith(RawWebSocketClient.frame(true, 0, RawWebSocketClient.OP_CONTINUATION, true,
                utf8("PRIVMSG #c :stray")), 1002);
    }

    @Test
    void invalidUtf8InATextFrameIsClosedWith1007() throws IOException {
        byte[] head = utf8("PRIVMSG #c :bad ");
        byte[] payload = new byte[head.length + 2];
        System.arraycopy(head, 0, payload, 0, head.length);
        payload[head.length] = (byte) 0xff;
        payload[head.length + 1] = (byte) 0xfe;
        assertFrameClosesWith(RawWebSocketClient.frame(true, 0, RawWebSocketClient.OP_TEXT, true, payload), 1007);
    }

    @Test
    void gigabyteLengthHeaderIsClosedWith1009WithoutWaitingForThePayload() throws IOException {
        // only 64 bytes of the announced 1 GiB follow: the server must judge the header alone
        assertFrameClosesWith(RawWebSocketClient.frameHeaderAndPayload(true, 0, RawWebSocketClient.OP_TEXT, true,
                1L << 30, utf8("PRIVMSG #c :" + "g".repeat(52))), 1009);
    }

    @Test
    void unsupportedWebSocketVersionGets400NamingVersion13() throws IOException {
        RawWebSocketClient raw = raw();
        HttpResponse r = raw.handshake(RawWebSocketClient.upgradeRequest(wsAddress())
                .replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Sec-WebSocket-Version")).as("RFC 6455 §4.4: the versions the server speaks").isEqualTo("13");
        assertThat(raw.awaitEof(LONG_WAIT)).as("closed after the refusal").isTrue();
    }

    @Test
    void upgradeWithoutSecWebSocketKeyGets400() throws IOException {
        RawWebSocketClient raw = raw();
        HttpResponse r = raw.handshake(RawWebSocketClient.upgradeRequest(wsAddress())
                .replaceAll("Sec-WebSocket-Key: [^\r]*\r\n", ""));
        assertThat(r.status()).isEqualTo(400);
        assertThat(raw.awaitEof(LONG_WAIT)).as("closed after the refusal").isTrue();
    }

    @Test
    void upgradeWithoutConnectionUpgradeIsRefused() throws IOException {
        RawWebSocketClient raw = raw();
        HttpResponse r = raw.handshake(RawWebSocketClient.upgradeRequest(wsAddress())
                .replace("Connection: Upgrade\r\n", ""));
        assertThat(r.status()).isEqualTo(400);
        assertThat(raw.awaitEof(LONG_WAIT)).as("closed after the refusal").isTrue();
    }

    @Test
    void requestWithoutUpgradeHeaderIsNotUpgraded() throws IOException {
        RawWebSocketClient raw = raw();
        HttpResponse r = raw.handshake(RawWebSocketClient.upgradeRequest(wsAddress())
                .replace("Upgrade: websocket\r\n", ""));
        assertThat(r.status()).as("a plain HTTP answer, not 101").isBetween(200, 499).isNotEqualTo(101);
        assertThat(raw.awaitEof(LONG_WAIT)).as("closed after the answer").isTrue();
    }

    @Test
    void handshakeThatNeverCompletesIsClosedAfterTheRegistrationTimeout() throws IOException {
        startServer(testConfig().withRegistrationTimeout(Duration.ofMillis(500)));
        RawWebSocketClient silent = raw();
        RawWebSocketClient half = raw();
        half.writeRaw(("GET / HTTP/1.1\r\nHost: " + HOST + "\r\nUpgrade: websocket\r\n")
                .getBytes(StandardCharsets.ISO_8859_1)); // no blank line: the head never ends
        assertThat(half.awaitEof(LONG_WAIT)).as("half a request head is closed").isTrue();
        assertThat(silent.awaitEof(LONG_WAIT)).as("a connection that sends nothing is closed").isTrue();
    }

    @Test
    void peerResetInTheMiddleOfAFrameIsSeenAsQuitAndItsNickIsFreed() throws IOException {
        IrcTestClient bob = joined("bob", "#c");
        RawWebSocketClient ghost = abuserInChannel("ghost");
        bob.expect(from("ghost", "JOIN #c"));
        byte[] frame = RawWebSocketClient.frame(true, 0, RawWebSocketClient.OP_TEXT, true,
                utf8("PRIVMSG #c :this line is cut short"));
        ghost.writeRaw(java.util.Arrays.copyOf(frame, 12)); // header, key and a few payload bytes
        ghost.reset();
        IrcLine quit = bob.expect(l -> l.verb().equals("QUIT"), LONG_WAIT, "QUIT of ghost");
        assertThat(quit.source()).isEqualTo(mask("ghost"));
        assertNone(bob.sync(), l -> l.verb().equals("PRIVMSG"), "nothing of the cut frame is relayed");
        raw().register("ghost"); // the nick is free again
        IrcTestClient carol = joined("carol", "#c");
        bob.send("PRIVMSG #c :others unaffected");
        carol.expect(from("bob", "PRIVMSG #c :others unaffected"));
    }

    @Test
    void peerHalfClosingInTheMiddleOfAFrameIsSeenAsQuit() throws IOException {
        IrcTestClient bob = joined("bob", "#c");
        RawWebSocketClient ghost = abuserInChannel("ghost");
        bob.expect(from("ghost", "JOIN #c"));
        byte[] frame = RawWebSocketClient.frame(true, 0, RawWebSocketClient.OP_TEXT, true,
                utf8("PRIVMSG #c :this line is cut short"));
        ghost.writeRaw(java.util.Arrays.copyOf(frame, 12));
        ghost.close(); // FIN after half a frame
        IrcLine quit = bob.expect(l -> l.verb().equals("QUIT"), LONG_WAIT, "QUIT of ghost");
        assertThat(quit.source()).isEqualTo(mask("ghost"));
        bob.send("WHOIS ghost");
        bob.expect(reply("401", "bob", "ghost :No such nick/channel"));
    }
}
