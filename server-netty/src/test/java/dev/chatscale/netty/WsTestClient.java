package dev.chatscale.netty;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A deliberately small RFC 6455 client over a blocking socket, able to break the rules on purpose
 * (unmasked frames, oversized frames, invalid UTF-8) so the server's reactions can be tested.
 * Every read times out after 5 s.
 */
final class WsTestClient implements AutoCloseable {
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CONTINUATION = 0x0;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** One received frame. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    /** A raw HTTP response. */
    record HttpResponse(int status, Map<String, String> headers, String body) {}

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    final HttpResponse handshake;

    private WsTestClient(Socket socket, HttpResponse handshake) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.handshake = handshake;
    }

    /** Opens a WebSocket on {@code path} offering {@code subprotocols} (none if null); fails unless 101. */
    static WsTestClient connect(InetSocketAddress address, String path, String subprotocols) throws IOException {
        Socket s = new Socket();
        s.connect(address, 5000);
        s.setSoTimeout(5000);
        String key = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        String req = "GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n"
                + (subprotocols == null ? "" : "Sec-WebSocket-Protocol: " + subprotocols + "\r\n") + "\r\n";
        s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
        HttpResponse head = readHead(s.getInputStream());
        if (head.status() != 101) {
            s.close();
            throw new IOException("handshake failed: " + head);
        }
        return new WsTestClient(s, head);
    }

    /** Sends {@code request} as is and reads the response until the server closes. */
    static HttpResponse http(InetSocketAddress address, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            HttpResponse head = readHead(in);
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new HttpResponse(head.status(), head.headers(), body);
        }
    }

    private static HttpResponse readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("EOF in HTTP head: " + buf);
            }
            buf.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String[] lines = buf.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new HttpResponse(status, headers, "");
    }

    /** The subprotocol the server chose, or null. */
    String subprotocol() {
        return handshake.headers().get("sec-websocket-protocol");
    }

    void sendText(String line) throws IOException {
        sendFrame(TEXT, line.getBytes(StandardCharsets.UTF_8), true, true);
    }

    void sendFrame(int opcode, byte[] payload, boolean fin, boolean masked) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            f.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            f.write(maskBit | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            f.write(mask);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= mask[i & 3];
            }
        }
        f.write(body);
        out.write(f.toByteArray());
        out.flush();
    }

    /** The next frame, or null at EOF. Fails if a server frame is masked. */
    Frame readFrame() throws IOException {
        int b0;
        try {
            b0 = in.read();
        } catch (java.net.SocketException e) {
            return null; // reset after close
        }
        if (b0 < 0) {
            return null;
        }
        int b1 = in.readUnsignedByte();
        if ((b1 & 0x80) != 0) {
            throw new IOException("server frames must not be masked");
        }
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload);
    }

    /** The next text or binary frame's payload as text, skipping nothing else; fails on close/EOF. */
    Frame readData() throws IOException {
        Frame f = readFrame();
        if (f == null || (f.opcode() != TEXT && f.opcode() != BINARY)) {
            throw new IOException("expected a data frame, got " + (f == null ? "EOF" : "opcode " + f.opcode() + " " + f.text()));
        }
        return f;
    }

    /** Reads data frames until one's text starts with or contains {@code needle}; returns it. */
    String readUntil(String needle) throws IOException {
        while (true) {
            String t = readData().text();
            if (t.contains(needle)) {
                return t;
            }
        }
    }

    /** Reads frames until the close frame (returned) or EOF (null). */
    Frame readUntilClose() throws IOException {
        while (true) {
            Frame f;
            try {
                f = readFrame();
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (EOFException e) {
                return null;
            }
            if (f == null || f.opcode() == CLOSE) {
                return f;
            }
        }
    }

    /** Whether the server closed the TCP connection (EOF within the read timeout). */
    boolean serverClosed() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
