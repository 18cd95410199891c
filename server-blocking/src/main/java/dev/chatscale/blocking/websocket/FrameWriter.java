package dev.chatscale.blocking.websocket;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes server-to-client WebSocket frames (RFC 6455 §5.2) to one connection's
 * {@link OutputStream}: unmasked, never fragmented, no extensions.
 *
 * <p>Data frames are written as two {@code write} calls, the 2/4/10-byte header from a small
 * scratch array and then the caller's payload, which is never copied; they are not flushed (call
 * {@link #flush()} after a batch). Hand it either the socket's own stream with
 * {@code TCP_NODELAY} set (otherwise Nagle's algorithm may hold the payload segment back until the
 * header is acknowledged) or a buffered stream that the writer flushes. Control frames (pong,
 * close) are written with one {@code write} and flushed at once, because the reader thread that
 * sends them has no later flush point.
 *
 * <p>After a close frame has been sent nothing more is written (RFC 6455 §5.5.1): later calls
 * return {@code false}. Server-initiated close: {@code writeClose(1000, ...)}, then keep reading
 * until {@link FrameReader#readMessage()} returns {@code false} (the peer's reply) or a short
 * timeout, then close the socket.
 *
 * <p>Thread-safety: every method may be called from any thread. One {@link ReentrantLock} (no
 * {@code synchronized}, so virtual threads never pin) makes each frame atomic on the stream; in
 * practice the connection's writer thread sends data frames while its reader thread answers pings
 * and close frames. A write blocked on a slow peer holds the lock, so a pong or close waits behind
 * it; closing the socket releases both.
 *
 * <p>Memory: one 10-byte array and a lock per connection.
 */
public final class FrameWriter {
    /** Largest payload of a control frame (RFC 6455 §5.5). */
    public static final int MAX_CONTROL_PAYLOAD = 125;

    private static final int OP_CLOSE = 0x8;
    private static final int OP_PONG = 0xA;
    private static final int FIN = 0x80;

    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private final byte[] header = new byte[10]; // guarded by lock
    private boolean closeSent; // guarded by lock

    /** @param out the connection's output; see the class comment for buffering and TCP_NODELAY */
    public FrameWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Writes one unfragmented text frame. The payload must be valid UTF-8 (IRC lines from the
     * protocol core are); it is not checked here.
     *
     * @return {@code false} if nothing was written because a close frame was already sent
     */
    public boolean writeText(byte[] buf, int off, int len) throws IOException {
        return writeData(FrameType.TEXT.opcode(), buf, off, len);
    }

    /**
     * Writes one unfragmented binary frame.
     *
     * @return {@code false} if nothing was written because a close frame was already sent
     */
    public boolean writeBinary(byte[] buf, int off, int len) throws IOException {
        return writeData(FrameType.BINARY.opcode(), buf, off, len);
    }

    /**
     * Writes one unfragmented frame of the connection's negotiated type
     * ({@link HandshakeResult#frameType()}); for an IRC line,
     * {@code writeMessage(type, line.array(), 0, line.contentLength())}.
     *
     * @return {@code false} if nothing was written because a close frame was already sent
     */
    public boolean writeMessage(FrameType type, byte[] buf, int off, int len) throws IOException {
        return writeData(type.opcode(), buf, off, len);
    }

    private boolean writeData(int opcode, byte[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        lock.lock();
        try {
            if (closeSent) {
                return false;
            }
            int n = encodeHeader(header, opcode, len);
            out.write(header, 0, n);
            out.write(buf, off, len);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Answers a ping with a pong carrying the same application data, and flushes.
     *
     * @return {@code false} if nothing was written because a close frame was already sent
     * @throws IllegalArgumentException if {@code len} exceeds {@link #MAX_CONTROL_PAYLOAD}
     */
    public boolean writePong(byte[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len > MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("control frame payload over 125 bytes: " + len);
        }
        byte[] frame = new byte[2 + len];
        frame[0] = (byte) (FIN | OP_PONG);
        frame[1] = (byte) len;
        System.arraycopy(buf, off, frame, 2, len);
        return writeControl(frame, false);
    }

    /**
     * Sends a close frame and flushes; at most one close frame is ever sent on a connection.
     *
     * @param code a status code valid on the wire ({@link CloseCodes#isValidOnWire(int)}), or
     *     {@link CloseCodes#NO_STATUS} for an empty close payload
     * @param reason short human-readable reason (may be empty); encoded as UTF-8 and cut at a
     *     character boundary to fit the 123 bytes left after the code
     * @return {@code true} if this call sent the close frame, {@code false} if one was sent before
     * @throws IllegalArgumentException if the code may not be sent
     */
    public boolean writeClose(int code, String reason) throws IOException {
        byte[] frame;
        if (code == CloseCodes.NO_STATUS) {
            frame = new byte[] {(byte) (FIN | OP_CLOSE), 0};
        } else {
            if (!CloseCodes.isValidOnWire(code)) {
                throw new IllegalArgumentException("close code not allowed on the wire: " + code);
            }
            byte[] text = utf8Prefix(reason == null ? "" : reason, MAX_CONTROL_PAYLOAD - 2);
            frame = new byte[4 + text.length];
            frame[0] = (byte) (FIN | OP_CLOSE);
            frame[1] = (byte) (2 + text.length);
            frame[2] = (byte) (code >>> 8);
            frame[3] = (byte) code;
            System.arraycopy(text, 0, frame, 4, text.length);
        }
        return writeControl(frame, true);
    }

    private boolean writeControl(byte[] frame, boolean close) throws IOException {
        lock.lock();
        try {
            if (closeSent) {
                return false;
            }
            if (close) {
                closeSent = true; // even if the write fails: never try a second close frame
            }
            out.write(frame);
            out.flush();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a close frame has been sent (or its write attempted) on this connection. */
    public boolean closeSent() {
        lock.lock();
        try {
            return closeSent;
        } finally {
            lock.unlock();
        }
    }

    /** Flushes the underlying stream (data frames are not flushed one by one). */
    public void flush() throws IOException {
        lock.lock();
        try {
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Encodes an unmasked, final frame header for {@code payloadLength} bytes into {@code dst}
     * (RFC 6455 §5.2: 7-bit length up to 125, 126 + 16-bit length up to 65535, else 127 + 64-bit).
     *
     * @return the header length: 2, 4 or 10
     */
    static int encodeHeader(byte[] dst, int opcode, int payloadLength) {
        dst[0] = (byte) (FIN | opcode);
        if (payloadLength <= 125) {
            dst[1] = (byte) payloadLength;
            return 2;
        }
        if (payloadLength <= 0xFFFF) {
            dst[1] = 126;
            dst[2] = (byte) (payloadLength >>> 8);
            dst[3] = (byte) payloadLength;
            return 4;
        }
        dst[1] = 127;
        long n = payloadLength;
        for (int i = 0; i < 8; i++) {
            dst[2 + i] = (byte) (n >>> (56 - 8 * i));
        }
        return 10;
    }

    /** The UTF-8 bytes of {@code s}, cut at a character boundary to at most {@code max} bytes. */
    static byte[] utf8Prefix(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= max) {
            return b;
        }
        int end = max;
        while (end > 0 && (b[end] & 0xC0) == 0x80) { // b[end] continues a character: back off
            end--;
        }
        return Arrays.copyOf(b, end);
    }
}
