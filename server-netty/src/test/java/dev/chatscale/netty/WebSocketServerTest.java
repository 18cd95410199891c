package dev.chatscale.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.cli.ListenSettings;
import dev.chatscale.protocol.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The IRCv3 WebSocket binding over real loopback sockets. */
@Timeout(20)
class WebSocketServerTest {
    private static NettyChatServer server;

    @BeforeAll
    static void start() throws Exception {
        server = NettyChatServer.start(ListenSettings.ephemeral(ServerConfig.defaults()), new NettyOptions(Transport.AUTO, 1));
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(3));
    }

    private static WsTestClient connect(String subprotocols) throws Exception {
        return WsTestClient.connect(server.wsAddress(), "/", subprotocols);
    }

    private static void register(WsTestClient ws, String nick) throws Exception {
        ws.sendText("NICK " + nick);
        ws.sendText("USER " + nick + " 0 * :" + nick);
        assertThat(ws.readUntil(" 001 " + nick + " ")).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void firstSupportedSubprotocolInTheClientsOrderIsChosenAndEchoed() throws Exception {
        try (WsTestClient ws = connect("binary.ircv3.net, text.ircv3.net")) {
            assertThat(ws.subprotocol()).isEqualTo("binary.ircv3.net");
        }
        try (WsTestClient ws = connect("chat.example, text.ircv3.net, binary.ircv3.net")) {
            assertThat(ws.subprotocol()).isEqualTo("text.ircv3.net");
        }
    }

    @Test
    void clientOfferingNoSubprotocolIsAcceptedWithTextFrames() throws Exception {
        try (WsTestClient ws = connect(null)) {
            assertThat(ws.subprotocol()).isNull();
            ws.sendText("NICK nosub");
            ws.sendText("USER nosub 0 * :No Sub");
            WsTestClient.Frame f = ws.readData();
            assertThat(f.opcode()).isEqualTo(WsTestClient.TEXT);
            assertThat(f.text()).startsWith(":").contains(" 001 nosub ").doesNotEndWith("\r\n");
        }
    }

    @Test
    void binarySubprotocolGetsBinaryFramesOneLineEach() throws Exception {
        try (WsTestClient ws = connect("binary.ircv3.net")) {
            ws.sendFrame(WsTestClient.BINARY, "NICK bin".getBytes(StandardCharsets.UTF_8), true, true);
            ws.sendFrame(WsTestClient.BINARY, "USER bin 0 * :Bin\r\n".getBytes(StandardCharsets.UTF_8), true, true);
            WsTestClient.Frame f = ws.readData();
            assertThat(f.opcode()).isEqualTo(WsTestClient.BINARY);
            assertThat(f.text()).contains(" 001 bin ").doesNotContain("\n");
        }
    }

    @Test
    void anyPathIsAccepted() throws Exception {
        try (WsTestClient ws = WsTestClient.connect(server.wsAddress(), "/some/where?x=1", "text.ircv3.net")) {
            register(ws, "pathy");
        }
    }

    @Test
    void fragmentedMessageIsReassembledIntoOneLine() throws Exception {
        try (WsTestClient ws = connect("text.ircv3.net")) {
            ws.sendFrame(WsTestClient.TEXT, "NICK fr".getBytes(StandardCharsets.UTF_8), false, true);
            ws.sendFrame(WsTestClient.CONTINUATION, "ag".getBytes(StandardCharsets.UTF_8), true, true);
            ws.sendText("USER frag 0 * :Frag");
            assertThat(ws.readUntil(" 001 ")).contains(" 001 frag ");
        }
    }

    @Test
    void pingFrameIsAnsweredWithPongCarryingTheSamePayload() throws Exception {
        try (WsTestClient ws = connect("text.ircv3.net")) {
            ws.sendFrame(WsTestClient.PING, "are you there".getBytes(StandardCharsets.UTF_8), true, true);
            WsTestClient.Frame f = ws.readFrame();
            assertThat(f.opcode()).isEqualTo(WsTestClient.PONG);
            assertThat(f.text()).isEqualTo("are you there");
        }
    }

    @Test
    void quitSendsErrorThenCloseFrame1000() throws Exception {
        try (WsTestClient ws = connect("text.ircv3.net")) {
            register(ws, "quitter");
            ws.sendText("QUIT :bye");
            assertThat(ws.readUntil("ERROR")).startsWith("ERROR :Closing Link: 127.0.0.1 (Quit: bye)");
            WsTestClient.Frame close = ws.readFrame();
            assertThat(close.opcode()).isEqualTo(WsTestClient.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1000);
        }
    }

    @Test
    void frameOver8KiBIsClosedWith1009() throws Exception {
        try (WsTestClient ws = connect("text.ircv3.net")) {
            byte[] big = new byte[9 * 1024];
            Arrays.fill(big, (byte) 'a');
            ws.sendFrame(WsTestClient.TEXT, big, true, true);
            assertThat(ws.readUntilClose().closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void fragmentedMessageOver8KiBIsClosedWith1009() throws Exception {
        try (WsTestClient ws = connect("text.ircv3.net")) {
            byte[] part = new byte[3 * 1024];
            Arrays.fill(part, (byte) 'a');
            ws.sendFrame(WsTestClient.TEXT, part, false, true);
            ws.sendFrame(WsTestClient.CONTINUATION, part, false, true);
            ws.sendFrame(WsTestClient.CONTINUATION, part, true, true);
            assertThat(ws.readUntilClose().closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void unmaskedClientFrameIsClosedWith1002() throws Exception {
        try (WsTestClient ws = connect("text.ircv3.net")) {
            ws.sendFrame(WsTestClient.TEXT, "NICK bare".getBytes(StandardCharsets.UTF_8), true, false);
            assertThat(ws.readUntilClose().closeCode()).isEqualTo(1002);
        }
    }

    @Test
    void invalidUtf8InATextFrameIsClosedWith1007() throws Exception {
        try (WsTestClient ws = connect("text.ircv3.net")) {
            ws.sendFrame(WsTestClient.TEXT, new byte[] {'N', 'I', 'C', 'K', ' ', (byte) 0xC3, (byte) 0x28}, true, true);
            assertThat(ws.readUntilClose().closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void badHandshakeGets400WithAOneLineReason() throws Exception {
        WsTestClient.HttpResponse res = WsTestClient.http(server.wsAddress(),
                "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.body().strip()).isNotBlank().doesNotContain("\n");
    }

    @Test
    void plainGetWithoutUpgradeGetsAPageSayingHowToConnect() throws Exception {
        WsTestClient.HttpResponse res = WsTestClient.http(server.wsAddress(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.headers().get("content-type")).startsWith("text/plain");
        assertThat(res.body()).contains("telnet").contains("ws://").contains("text.ircv3.net")
                .contains(String.valueOf(server.ircAddress().getPort()));
    }

    @Test
    void webSocketAndTcpUsersTalkToEachOther() throws Exception {
        try (WsTestClient ws = connect("text.ircv3.net");
                IrcTestClient tcp = new IrcTestClient(server.ircAddress())) {
            register(ws, "webby");
            tcp.register("tcpy");
            tcp.send("PRIVMSG webby :hello over there");
            assertThat(ws.readUntil("PRIVMSG")).isEqualTo(":tcpy!~tcpy@127.0.0.1 PRIVMSG webby :hello over there");
            ws.sendText("PRIVMSG tcpy :and back");
            assertThat(tcp.readUntil("PRIVMSG")).isEqualTo(":webby!~webby@127.0.0.1 PRIVMSG tcpy :and back");
        }
    }

    @Test
    void clientCloseFrameIsEchoedAndPeersSeeTheQuit() throws Exception {
        try (IrcTestClient tcp = new IrcTestClient(server.ircAddress()).register("peer");
                WsTestClient ws = connect("text.ircv3.net")) {
            register(ws, "closer");
            tcp.send("JOIN #close");
            tcp.readUntil(" 366 ");
            ws.sendText("JOIN #close");
            tcp.readUntil(":closer!");
            ws.sendFrame(WsTestClient.CLOSE, new byte[] {0x03, (byte) 0xE8}, true, true); // 1000
            WsTestClient.Frame echo = ws.readUntilClose();
            assertThat(echo.closeCode()).isEqualTo(1000);
            assertThat(ws.serverClosed()).isTrue();
            assertThat(tcp.readUntil(" QUIT ")).isEqualTo(":closer!~closer@127.0.0.1 QUIT :Remote host closed the connection");
        }
    }

    @Test
    void unsupportedWebSocketVersionGets400NamingVersion13() throws Exception {
        WsTestClient.HttpResponse res = WsTestClient.http(server.wsAddress(),
                "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 5\r\n\r\n");
        assertThat(res.status()).isEqualTo(400); // like the blocking servers (RFC 6455 §4.4 allows any 4xx)
        assertThat(res.headers().get("sec-websocket-version")).isEqualTo("13");
    }
}
