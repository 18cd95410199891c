package dev.chatscale.blocking.websocket;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The server side of the RFC 6455 opening handshake (§4.2) over blocking streams, with the IRCv3
 * subprotocols {@code text.ircv3.net} and {@code binary.ircv3.net} ({@code PROTOCOL.md} §8).
 *
 * <p>Reads one HTTP/1.1 request head (at most {@link #MAX_REQUEST_HEAD_BYTES}; larger → 431) and
 * answers it:
 * <ul>
 *   <li>{@code GET} (any path) with {@code Upgrade: websocket}, {@code Connection: upgrade} (token
 *       lists, case-insensitive), {@code Host}, {@code Sec-WebSocket-Version: 13} and one
 *       {@code Sec-WebSocket-Key} that decodes to 16 bytes → {@code 101 Switching Protocols} with
 *       {@code Sec-WebSocket-Accept = base64(sha1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))}.
 *       Subprotocol: the first one in the client's {@code Sec-WebSocket-Protocol} order that is
 *       supported is echoed. If the client offers only unsupported ones, the upgrade still succeeds
 *       without the header (as Netty's handshaker does, so all servers behave alike); the client then
 *       decides (browsers fail the connection). No offer at all (gamja, Kiwi IRC) → text frames.</li>
 *   <li>Upgrade requested but the request is wrong → {@code 400 Bad Request} with a one-line
 *       plain-text reason; a missing or different version also gets {@code Sec-WebSocket-Version:
 *       13} (§4.4).</li>
 *   <li>{@code GET} without {@code Upgrade: websocket} → {@code 200 OK}, a short text page saying
 *       how to connect. Other methods → {@code 405} with {@code Allow: GET}.</li>
 * </ul>
 * Every non-101 answer carries {@code Connection: close}: the caller closes the socket.
 *
 * <p>Timeouts are the caller's: a socket read timeout ({@code setSoTimeout}) bounds each read, and
 * the {@linkplain #accept(InputStream, OutputStream, LongSupplier, long) deadline variant} also
 * bounds the whole head (a client trickling one byte per read timeout), checked between reads.
 *
 * <p>Memory: a request-head buffer of 1 KiB, growing to at most 8 KiB, lives only during the call.
 *
 * <p>Immutable and thread-safe: one instance serves every connection.
 */
public final class WebSocketHandshake {
    /** Largest request head accepted (request line, headers and the blank line), in bytes. */
    public static final int MAX_REQUEST_HEAD_BYTES = 8192;
    /** IRCv3 subprotocol: one IRC line per text frame. */
    public static final String TEXT_SUBPROTOCOL = "text.ircv3.net";
    /** IRCv3 subprotocol: one IRC line per binary frame. */
    public static final String BINARY_SUBPROTOCOL = "binary.ircv3.net";

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int INITIAL_BUFFER = 1024;

    private final int ircPort;

    /** @param ircPort the plain IRC port, named on the 200 page for people who browse to this port */
    public WebSocketHandshake(int ircPort) {
        if (ircPort < 1 || ircPort > 65535) {
            throw new IllegalArgumentException("IRC port out of range: " + ircPort);
        }
        this.ircPort = ircPort;
    }

    /**
     * Reads one request head from {@code in} and writes the response to {@code out} (flushed).
     * Each read is bounded only by the socket's read timeout.
     *
     * @return what was answered; when {@link HandshakeResult#upgraded()}, read frames from
     *     {@link HandshakeResult#input()}, otherwise close the connection
     * @throws EOFException the client closed before its request head was complete
     * @throws IOException a read or write failed (including a socket read timeout)
     */
    public HandshakeResult accept(InputStream in, OutputStream out) throws IOException {
        return accept(in, out, () -> 0L, Long.MAX_VALUE);
    }

    /**
     * Like {@link #accept(InputStream, OutputStream)}, and gives up with a
     * {@link SocketTimeoutException} (nothing written) when {@code clockMillis} passes
     * {@code deadlineMillis} before the request head is complete. The clock is read before each
     * read call, so the whole handshake takes at most the deadline plus one socket read timeout.
     */
    public HandshakeResult accept(InputStream in, OutputStream out, LongSupplier clockMillis,
            long deadlineMillis) throws IOException {
        RequestHead head = readHead(in, clockMillis, deadlineMillis);
        if (head == null) {
            return reject(out, 431, "Request Header Fields Too Large",
                    "Request head over " + MAX_REQUEST_HEAD_BYTES + " bytes", "");
        }
        return answer(head, in, out);
    }

    /** {@code Sec-WebSocket-Accept} for a client key (RFC 6455 §4.2.2 step 5.4). */
    public static String acceptKey(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-1", e);
        }
    }

    /** The request line, the header lines (raw), and bytes read past the blank line. */
    private record RequestHead(String requestLine, List<String> headerLines, byte[] leftover) {}

    /** Reads up to and including the blank line; null when the head is over the size bound. */
    private static RequestHead readHead(InputStream in, LongSupplier clock, long deadline) throws IOException {
        byte[] buf = new byte[INITIAL_BUFFER];
        int n = 0;
        int scan = 0;
        int lineStart = 0;
        List<String> lines = new ArrayList<>();
        while (true) {
            for (; scan < n; scan++) {
                if (buf[scan] != '\n') {
                    continue;
                }
                int end = scan > lineStart && buf[scan - 1] == '\r' ? scan - 1 : scan;
                String line = new String(buf, lineStart, end - lineStart, StandardCharsets.ISO_8859_1);
                lineStart = scan + 1;
                if (!line.isEmpty()) {
                    lines.add(line);
                } else if (!lines.isEmpty()) { // blank line: end of head
                    byte[] leftover = Arrays.copyOfRange(buf, lineStart, n);
                    return new RequestHead(lines.getFirst(), lines.subList(1, lines.size()), leftover);
                } // else: an empty line before the request line, ignored (RFC 9112 §2.2)
            }
            if (n == MAX_REQUEST_HEAD_BYTES) {
                return null;
            }
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_REQUEST_HEAD_BYTES));
            }
            if (clock.getAsLong() > deadline) {
                throw new SocketTimeoutException("WebSocket handshake not complete before its deadline");
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                throw new EOFException("connection closed during the HTTP request head");
            }
            n += r;
        }
    }

    private HandshakeResult answer(RequestHead head, InputStream in, OutputStream out) throws IOException {
        String[] parts = head.requestLine().split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || hasControl(head.requestLine())) {
            return reject(out, 400, "Bad Request", "Malformed HTTP request line", "");
        }
        String method = parts[0];
        String version = parts[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            return reject(out, 400, "Bad Request", "Unsupported HTTP version", "");
        }
        if (!method.equals("GET")) {
            return reject(out, 405, "Method Not Allowed", "Only GET is served here", "Allow: GET\r\n");
        }
        String upgrade = null;
        String connection = null;
        String protocols = null;
        String wsVersion = null;
        String host = null;
        String key = null;
        int hosts = 0;
        int keys = 0;
        for (String line : head.headerLines()) {
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') { // RFC 9112 §5.2
                return reject(out, 400, "Bad Request", "Obsolete header line folding", "");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line, colon) || hasControl(line)) {
                return reject(out, 400, "Bad Request", "Malformed header line", "");
            }
            String value = line.substring(colon + 1).strip();
            switch (line.substring(0, colon).toLowerCase(Locale.ROOT)) {
                case "upgrade" -> upgrade = join(upgrade, value);
                case "connection" -> connection = join(connection, value);
                case "sec-websocket-protocol" -> protocols = join(protocols, value);
                case "sec-websocket-version" -> wsVersion = join(wsVersion, value);
                case "host" -> { host = value; hosts++; }
                case "sec-websocket-key" -> { key = value; keys++; }
                default -> { } // Origin, Sec-WebSocket-Extensions (none negotiated), ... ignored
            }
        }
        if (!hasToken(upgrade, "websocket")) {
            return infoPage(out, hosts == 1 ? host : null);
        }
        // RFC 6455 §4.2.1: "The method of the request MUST be GET, and the HTTP version MUST be at least 1.1."
        if (!version.equals("HTTP/1.1")) {
            return reject(out, 400, "Bad Request", "WebSocket upgrade needs HTTP/1.1", "");
        }
        if (!hasToken(connection, "upgrade")) {
            return reject(out, 400, "Bad Request", "Connection header must include Upgrade", "");
        }
        if (hosts != 1 || host.isEmpty()) {
            return reject(out, 400, "Bad Request", "Exactly one Host header is required", "");
        }
        if (!"13".equals(wsVersion)) { // §4.4: answer with the versions we speak
            return reject(out, 400, "Bad Request", "Unsupported Sec-WebSocket-Version (this server speaks 13)",
                    "Sec-WebSocket-Version: 13\r\n");
        }
        if (keys != 1 || !isValidKey(key)) {
            return reject(out, 400, "Bad Request", "Missing or invalid Sec-WebSocket-Key", "");
        }
        String subprotocol = selectSubprotocol(protocols);
        StringBuilder response = new StringBuilder(160)
                .append("HTTP/1.1 101 Switching Protocols\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Accept: ").append(acceptKey(key)).append("\r\n");
        if (subprotocol != null) {
            response.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
        }
        response.append("\r\n");
        out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        FrameType type = BINARY_SUBPROTOCOL.equals(subprotocol) ? FrameType.BINARY : FrameType.TEXT;
        InputStream frames = head.leftover().length == 0 ? in : new PrefixedInputStream(head.leftover(), in);
        return new HandshakeResult(101, subprotocol, type, "", frames);
    }

    /** The first offered subprotocol (client's order) that this server speaks, or null. */
    static String selectSubprotocol(String offered) {
        if (offered == null) {
            return null;
        }
        for (String token : offered.split(",")) {
            String p = token.strip();
            if (p.equals(TEXT_SUBPROTOCOL) || p.equals(BINARY_SUBPROTOCOL)) {
                return p;
            }
        }
        return null;
    }

    private HandshakeResult infoPage(OutputStream out, String hostHeader) throws IOException {
        String hostPort = hostHeader != null && hostHeader.matches("[A-Za-z0-9._:\\[\\]-]{1,255}")
                ? hostHeader : "<host>:<port>";
        String body = "chatscale IRC server\n\n"
                + "This port speaks IRC over WebSocket. To chat, connect with:\n"
                + "  - telnet or an IRC client (irssi, WeeChat, ...) to " + hostOnly(hostPort) + " port " + ircPort + "\n"
                + "  - a WebSocket client to ws://" + hostPort + "/ with subprotocol " + TEXT_SUBPROTOCOL + "\n";
        respond(out, 200, "OK", "", body);
        return new HandshakeResult(200, null, FrameType.TEXT, "Plain HTTP request, info page sent", null);
    }

    private static HandshakeResult reject(OutputStream out, int status, String statusText, String reason,
            String extraHeaders) throws IOException {
        respond(out, status, statusText, extraHeaders, reason + "\n");
        return new HandshakeResult(status, null, FrameType.TEXT, reason, null);
    }

    private static void respond(OutputStream out, int status, String statusText, String extraHeaders,
            String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + statusText + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + content.length + "\r\n"
                + "Connection: close\r\n"
                + extraHeaders
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + content.length);
        System.arraycopy(content, 0, all, headBytes.length, content.length);
        out.write(all);
        out.flush();
    }

    private static String hostOnly(String hostPort) {
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return close > 0 ? hostPort.substring(0, close + 1) : hostPort;
        }
        int colon = hostPort.indexOf(':');
        return colon >= 0 && colon == hostPort.lastIndexOf(':') ? hostPort.substring(0, colon) : hostPort;
    }

    /** RFC 6455 §4.1: the key is a base64-encoded 16-byte nonce. */
    private static boolean isValidKey(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a comma-separated header value contains {@code token}, case-insensitively. */
    private static boolean hasToken(String list, String token) {
        if (list == null) {
            return false;
        }
        for (String t : list.split(",")) {
            if (t.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** Repeated list headers combine into one comma-separated value (RFC 9110 §5.3). */
    private static String join(String previous, String value) {
        return previous == null ? value : previous + ", " + value;
    }

    /** Whether the header name {@code line[0, end)} is an RFC 9110 token (no spaces before the colon). */
    private static boolean isToken(String line, int end) {
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Control characters other than tab (a stray CR, NUL...) make a line malformed. */
    private static boolean hasControl(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return true;
            }
        }
        return false;
    }
}
