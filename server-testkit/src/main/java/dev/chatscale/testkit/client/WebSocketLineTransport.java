package dev.chatscale.testkit.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * IRC over the IRCv3 WebSocket binding with the JDK's {@link WebSocket}: subprotocol
 * {@code text.ircv3.net}, one line per text message, no CR/LF, URL {@code ws://host:port/}.
 *
 * <p>Flow control is the JDK's: one message is requested at a time, so {@link #pauseReading()}
 * stops requesting and lets the server's writes back up. Binary messages are accepted too
 * (decoded as UTF-8). Thread-safe as described in {@link LineTransport}; every blocking call is
 * bounded by a timeout.
 */
public final class WebSocketLineTransport implements LineTransport {

    /** The subprotocol offered to the server. */
    public static final String SUBPROTOCOL = "text.ircv3.net";

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private final WebSocket socket;
    private final Receiver receiver;
    private final ReentrantLock sendLock = new ReentrantLock();

    private WebSocketLineTransport(WebSocket socket, Receiver receiver) {
        this.socket = socket;
        this.receiver = receiver;
    }

    /** Opens {@code ws://address/} offering {@value #SUBPROTOCOL}; fails unless the server selects it. */
    public static WebSocketLineTransport connect(InetSocketAddress address, LineSink sink) throws IOException {
        URI uri = URI.create("ws://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/");
        Receiver receiver = new Receiver(sink);
        WebSocket ws;
        try {
            ws = HTTP.newWebSocketBuilder()
                    .subprotocols(SUBPROTOCOL)
                    .connectTimeout(TIMEOUT)
                    .buildAsync(uri, receiver)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("WebSocket handshake with " + uri + " failed", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException("WebSocket handshake with " + uri + " did not finish", e);
        }
        if (!SUBPROTOCOL.equals(ws.getSubprotocol())) {
            ws.abort();
            throw new IOException("server did not select subprotocol " + SUBPROTOCOL + " (got '"
                    + ws.getSubprotocol() + "'); PROTOCOL.md §8 requires echoing it");
        }
        return new WebSocketLineTransport(ws, receiver);
    }

    @Override
    public void send(String line) throws IOException {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a WebSocket message carries one line without CR/LF: " + line);
        }
        sendLock.lock();
        try {
            socket.sendText(line, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("WebSocket send failed", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException("WebSocket send did not finish", e);
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public boolean supportsRawBytes() {
        return false;
    }

    @Override
    public void sendRaw(byte[] bytes) {
        throw new UnsupportedOperationException("raw bytes need a byte stream; WebSocket sends whole messages");
    }

    @Override
    public void pauseReading() {
        receiver.paused.set(true);
    }

    @Override
    public void resumeReading() {
        if (receiver.paused.getAndSet(false)) {
            socket.request(1);
        }
    }

    @Override
    public void drop() {
        socket.abort();
        receiver.finish();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(1, TimeUnit.SECONDS);
            } catch (ExecutionException | InterruptedException | TimeoutException e) {
                // fall through to abort
            }
        }
        socket.abort();
        receiver.finish();
    }

    /** Reassembles messages and forwards them; requests the next one unless paused. */
    private static final class Receiver implements WebSocket.Listener {
        private final LineSink sink;
        private final AtomicBoolean paused = new AtomicBoolean();
        private final AtomicBoolean finished = new AtomicBoolean();
        /** Confined to the listener's callbacks, which the JDK calls one at a time. */
        private final StringBuilder text = new StringBuilder();
        /** Confined like {@link #text}. */
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        Receiver(LineSink sink) {
            this.sink = sink;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                deliver(text.toString());
                text.setLength(0);
            }
            next(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                deliver(binary.toString(StandardCharsets.UTF_8));
                binary.reset();
            }
            next(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            finish();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            finish();
        }

        private void next(WebSocket webSocket) {
            if (!paused.get()) {
                webSocket.request(1);
            }
        }

        private void deliver(String message) {
            if (!finished.get()) {
                String line = stripTerminator(message);
                sink.line(line, line.equals(message) && line.indexOf('\r') < 0 && line.indexOf('\n') < 0);
            }
        }

        void finish() {
            if (finished.compareAndSet(false, true)) {
                sink.closed();
            }
        }

        private static String stripTerminator(String s) {
            if (s.endsWith("\r\n")) {
                return s.substring(0, s.length() - 2);
            }
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        }
    }
}
