package dev.chatscale.testkit.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Plain-socket helpers for server tests that need a bare {@link Socket} rather than an
 * {@link IrcTestClient} (descriptor exhaustion, transport tests): write text, read until a marker.
 * Blocking; bounded only by the socket's read timeout, which the caller sets. Stateless and
 * thread-safe; one socket per caller at a time.
 */
public final class RawSocketLines {
    private RawSocketLines() {}

    /** Writes {@code text} as UTF-8, e.g. {@code "NICK a\r\nUSER a 0 * :a\r\n"}. */
    public static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads until {@code marker} has been seen and returns all text read (which may go past it).
     *
     * @throws IOException on end of stream before the marker (the message shows what came), or
     *     {@link java.net.SocketTimeoutException} when the socket's read timeout passes
     */
    public static String readUntil(Socket s, String marker) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder seen = new StringBuilder();
        byte[] buf = new byte[4096];
        while (seen.indexOf(marker) < 0) {
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("EOF before '" + marker + "': " + seen);
            }
            seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return seen.toString();
    }
}
