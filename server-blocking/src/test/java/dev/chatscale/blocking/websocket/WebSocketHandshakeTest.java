package dev.chatscale.blocking.websocket;

import static dev.chatscale.blocking.websocket.WireBytes.FIN;
import static dev.chatscale.blocking.websocket.WireBytes.TEXT;
import static dev.chatscale.blocking.websocket.WireBytes.concat;
import static dev.chatscale.blocking.websocket.WireBytes.masked;
import static dev.chatscale.blocking.websocket.WireBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebSocketHandshakeTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private final WebSocketHandshake handshake = new WebSocketHandshake(6667);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private HandshakeResult accept(String request) throws IOException {
        return handshake.accept(new ByteArrayInputStream(request.getBytes(StandardCharsets.ISO_8859_1)), out);
    }

    private String response() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String upgrade(String... extraHeaders) {
        StringBuilder sb = new StringBuilder("GET /chat HTTP/1.1\r\nHost: server.example.com\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    private static String upgradeWith(String... extraHeaders) {
        List<String> all = new ArrayList<>(List.of("Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13"));
        all.addAll(List.of(extraHeaders));
        return upgrade(all.toArray(String[]::new));
    }

    @Test
    void computesTheRfcAcceptKeyExample() {
        assertThat(WebSocketHandshake.acceptKey(KEY)).isEqualTo(ACCEPT);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void upgradesTheRfcExampleRequestWithoutAnUnsupportedSubprotocol(boolean oneByte) throws IOException {
        String request = "GET /chat HTTP/1.1\r\n"
                + "Host: server.example.com\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Origin: http://example.com\r\n"
                + "Sec-WebSocket-Protocol: chat, superchat\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n";
        byte[] wire = request.getBytes(StandardCharsets.US_ASCII);
        InputStream in = oneByte ? WireBytes.oneByteAtATime(wire) : new ByteArrayInputStream(wire);
        HandshakeResult result = handshake.accept(in, out);
        assertThat(result.upgraded()).isTrue();
        assertThat(result.status()).isEqualTo(101);
        assertThat(result.subprotocol()).isNull();
        assertThat(result.frameType()).isEqualTo(FrameType.TEXT);
        assertThat(response()).isEqualTo("HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                + "\r\n");
        assertThat(result.input().read()).as("nothing read past the head").isEqualTo(-1);
    }

    @Test
    void picksTheFirstSupportedSubprotocolInTheClientsOrder() throws IOException {
        HandshakeResult binary = accept(upgradeWith("Sec-WebSocket-Protocol: chat, binary.ircv3.net, text.ircv3.net"));
        assertThat(binary.subprotocol()).isEqualTo("binary.ircv3.net");
        assertThat(binary.frameType()).isEqualTo(FrameType.BINARY);
        assertThat(response()).contains("\r\nSec-WebSocket-Protocol: binary.ircv3.net\r\n");

        out.reset();
        HandshakeResult text = accept(upgradeWith("Sec-WebSocket-Protocol: text.ircv3.net,binary.ircv3.net"));
        assertThat(text.subprotocol()).isEqualTo("text.ircv3.net");
        assertThat(text.frameType()).isEqualTo(FrameType.TEXT);
        assertThat(response()).contains("\r\nSec-WebSocket-Protocol: text.ircv3.net\r\n");
    }

    @Test
    void readsSubprotocolsSpreadOverRepeatedHeaders() throws IOException {
        HandshakeResult r = accept(upgradeWith("Sec-WebSocket-Protocol: chat", "Sec-WebSocket-Protocol: binary.ircv3.net"));
        assertThat(r.subprotocol()).isEqualTo("binary.ircv3.net");
    }

    @Test
    void acceptsAClientThatOffersNoSubprotocolWithTextFrames() throws IOException {
        HandshakeResult r = accept(upgradeWith());
        assertThat(r.upgraded()).isTrue();
        assertThat(r.subprotocol()).isNull();
        assertThat(r.frameType()).isEqualTo(FrameType.TEXT);
        assertThat(response()).doesNotContain("Sec-WebSocket-Protocol");
    }

    @Test
    void readsHeaderNamesAndTokenListsCaseInsensitively() throws IOException {
        // Firefox sends "Connection: keep-alive, Upgrade"; header names may come in any case.
        String request = "GET / HTTP/1.1\r\nhost: h\r\nUPGRADE: WebSocket\r\nconnection: keep-alive, upgrade\r\n"
                + "sec-websocket-key:" + KEY + "\r\nSEC-WEBSOCKET-VERSION:   13  \r\n\r\n";
        assertThat(accept(request).upgraded()).isTrue();
        assertThat(response()).contains("Sec-WebSocket-Accept: " + ACCEPT + "\r\n");
    }

    @Test
    void acceptsBareLfLineEnds() throws IOException {
        assertThat(accept(upgradeWith().replace("\r\n", "\n")).upgraded()).isTrue();
    }

    @Test
    void replaysBytesSentRightBehindTheRequestHead() throws IOException {
        byte[] frame = masked(FIN | TEXT, utf8("NICK early"));
        byte[] wire = concat(upgradeWith().getBytes(StandardCharsets.US_ASCII), frame);
        HandshakeResult r = handshake.accept(new ByteArrayInputStream(wire), out);
        List<String> lines = new ArrayList<>();
        FrameReader reader = new FrameReader(r.input(), new FrameWriter(new ByteArrayOutputStream()),
                (buf, off, len) -> lines.add(new String(buf, off, len, StandardCharsets.UTF_8)));
        assertThat(reader.readMessage()).isTrue();
        assertThat(lines).containsExactly("NICK early");
    }

    // --- refusals --------------------------------------------------------------------------

    private void assertRejected(HandshakeResult r, int status, String reasonPart) {
        assertThat(r.upgraded()).isFalse();
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.input()).isNull();
        assertThat(r.reason()).containsIgnoringCase(reasonPart);
        String response = response();
        assertThat(response).startsWith("HTTP/1.1 " + status + " ");
        assertThat(response).contains("\r\nConnection: close\r\n");
        assertThat(response).doesNotContain("Sec-WebSocket-Accept");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(response).contains("\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n");
        if (status != 200) {
            assertThat(body).isEqualTo(r.reason() + "\n");
        }
    }

    @Test
    void refusesAMissingKey() throws IOException {
        assertRejected(accept(upgrade("Sec-WebSocket-Version: 13")), 400, "Sec-WebSocket-Key");
    }

    @Test
    void refusesAKeyThatIsNotSixteenBase64Bytes() throws IOException {
        for (String key : new String[] {"c2hvcnQ=", "not base64 at all!!!!!!!", KEY + "AAAA"}) {
            out.reset();
            assertRejected(accept(upgrade("Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + key)),
                    400, "Sec-WebSocket-Key");
        }
    }

    @Test
    void refusesTwoKeys() throws IOException {
        assertRejected(accept(upgradeWith("Sec-WebSocket-Key: " + KEY)), 400, "Sec-WebSocket-Key");
    }

    @Test
    void refusesAnotherProtocolVersionNamingVersion13() throws IOException {
        for (String version : new String[] {"8", "14", ""}) {
            out.reset();
            assertRejected(accept(upgrade("Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: " + version)),
                    400, "version");
            assertThat(response()).contains("\r\nSec-WebSocket-Version: 13\r\n");
        }
        out.reset();
        assertRejected(accept(upgrade("Sec-WebSocket-Key: " + KEY)), 400, "version");
        assertThat(response()).contains("\r\nSec-WebSocket-Version: 13\r\n");
    }

    @Test
    void refusesAnUpgradeWithoutConnectionUpgrade() throws IOException {
        String request = upgradeWith().replace("Connection: Upgrade", "Connection: keep-alive");
        assertRejected(accept(request), 400, "Connection");
    }

    @Test
    void refusesAnUpgradeWithoutHost() throws IOException {
        assertRejected(accept(upgradeWith().replace("Host: server.example.com\r\n", "")), 400, "Host");
    }

    @Test
    void refusesAnUpgradeOverHttp10() throws IOException {
        assertRejected(accept(upgradeWith().replace("HTTP/1.1", "HTTP/1.0")), 400, "HTTP/1.1");
    }

    @Test
    void refusesMalformedRequestLinesAndHeaders() throws IOException {
        assertRejected(accept("GET  /  HTTP/1.1\r\nHost: h\r\n\r\n"), 400, "request line");
        out.reset();
        assertRejected(accept("GET / HTTP/2.0\r\nHost: h\r\n\r\n"), 400, "version");
        out.reset();
        assertRejected(accept(upgradeWith("Bad Name: x")), 400, "header");
        out.reset();
        assertRejected(accept(upgradeWith(" folded continuation")), 400, "folding");
        out.reset();
        assertRejected(accept(upgradeWith("X-Nul: a\0b")), 400, "header");
    }

    @Test
    void answersOtherMethodsWith405() throws IOException {
        assertRejected(accept("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"), 405, "GET");
        assertThat(response()).contains("\r\nAllow: GET\r\n");
    }

    @Test
    void answersAPlainGetWithAPageSayingHowToConnect() throws IOException {
        HandshakeResult r = accept("GET /index.html HTTP/1.1\r\nHost: chat.example:8080\r\nAccept: */*\r\n\r\n");
        assertRejected(r, 200, "plain HTTP");
        String response = response();
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/plain; charset=utf-8");
        assertThat(response).contains("chat.example port 6667", "ws://chat.example:8080/", "text.ircv3.net");
    }

    @Test
    void doesNotEchoAStrangeHostHeaderOnThePage() throws IOException {
        accept("GET / HTTP/1.1\r\nHost: <script>\r\n\r\n");
        assertThat(response()).doesNotContain("<script>").contains("ws://<host>:<port>/");
    }

    @Test
    void answersAHeadOverTheLimitWith431() throws IOException {
        String request = upgradeWith("X-Filler: " + "a".repeat(WebSocketHandshake.MAX_REQUEST_HEAD_BYTES));
        assertRejected(accept(request), 431, "bytes");
    }

    @Test
    void stopsReadingAtTheSizeBoundEvenWithoutALineEnd() throws IOException {
        // An endless request line: the handshake must answer after 8 KiB, not read forever.
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'a';
            }
        };
        assertRejected(handshake.accept(endless, out), 431, "bytes");
    }

    @Test
    void reportsEofBeforeTheHeadIsComplete() {
        assertThatThrownBy(() -> accept("GET / HTTP/1.1\r\nHost: h\r\n")).isInstanceOf(EOFException.class);
        assertThat(out.size()).isZero();
    }

    @Test
    void givesUpWhenTheDeadlinePassesBetweenReads() {
        AtomicLong clock = new AtomicLong(1_000);
        byte[] wire = upgradeWith().getBytes(StandardCharsets.US_ASCII);
        InputStream trickle = new InputStream() {
            final InputStream in = WireBytes.oneByteAtATime(wire);

            @Override
            public int read() throws IOException {
                clock.addAndGet(100); // each byte takes 100 ms
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                clock.addAndGet(100);
                return in.read(b, off, len);
            }
        };
        assertThatThrownBy(() -> handshake.accept(trickle, out, clock::get, 1_000 + 5_000))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(out.size()).isZero();
    }

    @Test
    void completesWithinTheDeadline() throws IOException {
        AtomicLong clock = new AtomicLong(1_000);
        HandshakeResult r = handshake.accept(new ByteArrayInputStream(upgradeWith().getBytes(StandardCharsets.US_ASCII)),
                out, clock::get, 1_000);
        assertThat(r.upgraded()).isTrue();
    }

    @Test
    void refusesAnIrcPortOutOfRange() {
        assertThatThrownBy(() -> new WebSocketHandshake(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
