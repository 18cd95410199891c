package dev.chatscale.blocking.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JDK's own WebSocket client ({@code java.net.http.WebSocket}) against the blocking
 * implementation on a loopback socket: handshake with a subprotocol, a fragmented message echoed
 * back, ping/pong, and the close handshake.
 */
@Timeout(30)
class JdkClientInteropTest {
    private static final long WAIT_SECONDS = 10;

    /** Accepts one connection on a virtual thread and echoes every message in the negotiated type. */
    private static final class EchoServer implements AutoCloseable {
        final ServerSocket server;
        final CompletableFuture<HandshakeResult> handshake = new CompletableFuture<>();
        final CompletableFuture<Integer> messagesUntilClose = new CompletableFuture<>();

        EchoServer() throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("ws-echo").start(this::serveOne);
        }

        URI uri() {
            return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/irc");
        }

        private void serveOne() {
            try (Socket socket = server.accept()) {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
                HandshakeResult hs = new WebSocketHandshake(6667).accept(socket.getInputStream(), socket.getOutputStream());
                handshake.complete(hs);
                FrameWriter writer = new FrameWriter(socket.getOutputStream());
                FrameReader reader = new FrameReader(hs.input(), writer, (buf, off, len) -> {
                    try {
                        writer.writeMessage(hs.frameType(), buf, off, len);
                        writer.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                int n = 0;
                while (reader.readMessage()) {
                    n++;
                }
                messagesUntilClose.complete(n);
            } catch (IOException | RuntimeException e) {
                handshake.completeExceptionally(e);
                messagesUntilClose.completeExceptionally(e);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Collects what the client receives. */
    private static final class Recorder implements WebSocket.Listener {
        final StringBuilder text = new StringBuilder();
        final CompletableFuture<String> message = new CompletableFuture<>();
        final CompletableFuture<byte[]> binary = new CompletableFuture<>();
        final CompletableFuture<String> pong = new CompletableFuture<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                message.complete(text.toString());
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.complete(b);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            pong.complete(StandardCharsets.UTF_8.decode(message).toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            message.completeExceptionally(error);
            closed.completeExceptionally(error);
        }
    }

    @Test
    void jdkClientNegotiatesTextSubprotocolGetsAFragmentedLineEchoedPingsAndCloses() throws Exception {
        try (EchoServer server = new EchoServer(); HttpClient client = HttpClient.newHttpClient()) {
            Recorder recorder = new Recorder();
            WebSocket ws = client.newWebSocketBuilder()
                    .subprotocols("text.ircv3.net", "binary.ircv3.net")
                    .connectTimeout(Duration.ofSeconds(WAIT_SECONDS))
                    .buildAsync(server.uri(), recorder)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(ws.getSubprotocol()).isEqualTo("text.ircv3.net");
            assertThat(server.handshake.get(WAIT_SECONDS, TimeUnit.SECONDS).frameType()).isEqualTo(FrameType.TEXT);

            ws.sendText("PRIVMSG #c :", false).get(WAIT_SECONDS, TimeUnit.SECONDS);
            ws.sendText("héllo €", true).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(recorder.message.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("PRIVMSG #c :héllo €");

            ws.sendPing(ByteBuffer.wrap("lag-1".getBytes(StandardCharsets.UTF_8))).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(recorder.pong.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("lag-1");

            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(recorder.closed.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
            assertThat(server.messagesUntilClose.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
        }
    }

    @Test
    void jdkClientAskingForBinaryGetsBinaryFrames() throws Exception {
        try (EchoServer server = new EchoServer(); HttpClient client = HttpClient.newHttpClient()) {
            Recorder recorder = new Recorder();
            WebSocket ws = client.newWebSocketBuilder()
                    .subprotocols("binary.ircv3.net")
                    .buildAsync(server.uri(), recorder)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(ws.getSubprotocol()).isEqualTo("binary.ircv3.net");
            byte[] line = "PING :x".getBytes(StandardCharsets.UTF_8);
            ws.sendBinary(ByteBuffer.wrap(line), true).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(recorder.binary.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(line);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(server.messagesUntilClose.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
        }
    }

    @Test
    void jdkClientWithoutSubprotocolIsAcceptedWithTextFrames() throws Exception {
        try (EchoServer server = new EchoServer(); HttpClient client = HttpClient.newHttpClient()) {
            Recorder recorder = new Recorder();
            WebSocket ws = client.newWebSocketBuilder()
                    .buildAsync(server.uri(), recorder)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(ws.getSubprotocol()).isEmpty();
            ws.sendText("NICK gamja", true).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(recorder.message.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("NICK gamja");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(recorder.closed.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        }
    }
}
