package dev.chatscale.blocking.websocket;

import java.io.IOException;
import java.io.InputStream;

/**
 * Replays bytes that were read past the end of an HTTP request head, then continues with the
 * underlying stream. Only created when a client pipelined data behind its handshake (rare: RFC
 * 6455 §4.1 tells clients to wait for the 101 response first).
 *
 * <p>Not thread-safe: one reader thread, like the stream it wraps.
 */
final class PrefixedInputStream extends InputStream {
    private final InputStream in;
    private byte[] prefix; // null once replayed, so the array can be collected
    private int pos;

    PrefixedInputStream(byte[] prefix, InputStream in) {
        this.prefix = prefix;
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        if (prefix != null) {
            int b = prefix[pos++] & 0xFF;
            if (pos == prefix.length) {
                prefix = null;
            }
            return b;
        }
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (prefix != null) {
            int n = Math.min(len, prefix.length - pos);
            System.arraycopy(prefix, pos, b, off, n);
            pos += n;
            if (pos == prefix.length) {
                prefix = null;
            }
            return n;
        }
        return in.read(b, off, len);
    }

    @Override
    public int available() throws IOException {
        return prefix != null ? prefix.length - pos : in.available();
    }

    @Override
    public void close() throws IOException {
        prefix = null;
        in.close();
    }
}
