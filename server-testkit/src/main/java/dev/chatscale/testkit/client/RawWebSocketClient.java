package dev.chatscale.testkit.client;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A deliberately misbehaving WebSocket client over a plain {@link Socket}, for abuse tests: it
 * writes any request head, any frame (masked or not, any opcode, FIN and RSV bits, a length header
 * that lies) and reads the server's answer byte by byte. {@link WebSocketLineTransport} (the JDK
 * client) refuses to send such things.
 *
 * <p>Limits: reads are bounded by a socket read timeout ({@link #TIMEOUT} per read, not per call);
 * a received frame payload is capped at 64 KiB. Thread-safety: none; one test thread drives it.
 */
public final class RawWebSocketClient implements AutoCloseable {

    /** Bound of each blocking read and of connecting. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;

    private static final int MAX_PAYLOAD = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** The HTTP response to an opening handshake: status code and headers (names lower-cased). */
    public record HttpResponse(int status, Map<String, String> headers) {
        /** A header value, or {@code null}. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One frame from the server: opcode, FIN, payload (unmasked). */
    public record Frame(int opcode, boolean fin, byte[] payload) {
        /** Payload as UTF-8 text. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame (1005 when it carries none). */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    private RawWebSocketClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection to the WebSocket port; nothing is sent yet. */
    public static RawWebSocketClient connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, (int) TIMEOUT.toMillis());
            s.setSoTimeout((int) TIMEOUT.toMillis());
            return new RawWebSocketClient(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** A well-formed upgrade request head for {@code host} offering {@code text.ircv3.net}. */
    public static String upgradeRequest(InetSocketAddress address) {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        return "GET / HTTP/1.1\r\n"
                + "Host: " + address.getAddress().getHostAddress() + ":" + address.getPort() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: text.ircv3.net\r\n"
                + "\r\n";
    }

    /** Sends {@code head} as it is (ISO-8859-1) and reads the response head. */
    public HttpResponse handshake(String head) throws IOException {
        writeRaw(head.getBytes(StandardCharsets.ISO_8859_1));
        return readResponseHead();
    }

    /** Sends a well-formed upgrade request; fails unless the answer is 101. */
    public HttpResponse upgrade() throws IOException {
        HttpResponse r = handshake(upgradeRequest((InetSocketAddress) socket.getRemoteSocketAddress()));
        if (r.status() != 101) {
            throw new IOException("upgrade refused with HTTP " + r.status());
        }
        return r;
    }

    private HttpResponse readResponseHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed before the end of the HTTP response head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 16 * 1024) {
                throw new IOException("HTTP response head too long");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip(), (a, b) -> a + ", " + b);
            }
        }
        return new HttpResponse(status, headers);
    }

    /** Writes bytes as they are. */
    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a final, masked text frame with {@code line} (one IRC line, no CRLF). */
    public void sendText(String line) throws IOException {
        writeRaw(frame(true, 0, OP_TEXT, true, line.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Encodes a frame as a client would, or would not: {@code rsv} is the 3 RSV bits (0-7),
     * {@code masked} false leaves the payload in clear without a key.
     */
    public static byte[] frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
        return frameHeaderAndPayload(fin, rsv, opcode, masked, payload.length, payload);
    }

    /** A frame whose length header says {@code declaredLength} but carries only {@code payload}. */
    public static byte[] frameHeaderAndPayload(boolean fin, int rsv, int opcode, boolean masked, long declaredLength,
            byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0xF));
        int maskBit = masked ? 0x80 : 0;
        if (declaredLength < 126) {
            b.write(maskBit | (int) declaredLength);
        } else if (declaredLength <= 0xFFFF) {
            b.write(maskBit | 126);
            b.write((int) (declaredLength >>> 8));
            b.write((int) declaredLength);
        } else {
            b.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                b.write((int) (declaredLength >>> shift));
            }
        }
        byte[] key = new byte[4];
        if (masked) {
            ThreadLocalRandom.current().nextBytes(key);
            b.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            b.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        return b.toByteArray();
    }

    /**
     * Reads the next frame, or returns {@code null} when the server closed the TCP connection.
     * Fails on a read timeout.
     */
    public Frame readFrame() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int second = readByte();
        long len = second & 0x7F;
        if (len == 126) {
            len = ((long) readByte() << 8) | readByte();
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | readByte();
            }
        }
        if ((second & 0x80) != 0) {
            throw new IOException("server frame is masked (RFC 6455 §5.1 forbids it)");
        }
        if (len > MAX_PAYLOAD) {
            throw new IOException("server frame too long: " + len);
        }
        byte[] payload = in.readNBytes((int) len);
        if (payload.length < len) {
            throw new EOFException("closed inside a frame");
        }
        return new Frame(first & 0xF, (first & 0x80) != 0, payload);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("closed inside a frame header");
        }
        return b;
    }

    /**
     * Reads frames until a close frame and returns it, skipping data frames; {@code null} when the
     * TCP connection ends without one. Fails if no close comes within the read timeout.
     */
    public Frame awaitCloseFrame() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f == null || f.opcode() == OP_CLOSE) {
                return f;
            }
        }
    }

    /**
     * Reads until the TCP connection ends (EOF or reset), within {@code timeout}; returns whether it
     * ended. Anything received is discarded.
     */
    public boolean awaitEof(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // keep waiting until the deadline
            } catch (IOException e) {
                return true; // reset by the server counts as closed
            }
        }
        return false;
    }

    /** Reads text frames until one holds a line matching {@code regex}; returns that line. */
    public String awaitLine(String regex) throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f == null) {
                throw new EOFException("closed while waiting for a line matching " + regex);
            }
            if (f.opcode() == OP_TEXT || f.opcode() == OP_BINARY) {
                String line = f.text();
                if (line.matches(regex)) {
                    return line;
                }
            }
        }
    }

    /** Upgrades, registers as {@code nick} and waits for the end of the MOTD (376 or 422). */
    public RawWebSocketClient register(String nick) throws IOException {
        upgrade();
        sendText("NICK " + nick);
        sendText("USER " + nick + " 0 * :Real " + nick);
        awaitLine("\\S+ (376|422) .*");
        return this;
    }

    /** Drops the connection with a TCP reset (SO_LINGER 0): no close frame, no FIN. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
