package dev.chatscale.protocol.wire;

import java.nio.charset.StandardCharsets;

/**
 * One IRC line ready for the wire: UTF-8 bytes ending in CRLF, at most 512 bytes in all.
 *
 * <p>A broadcast encodes its line once and hands this same instance to every recipient, so the
 * bytes are shared: callers must never modify the array returned by {@link #array()}.
 * TCP transports write {@link #length()} bytes; the WebSocket binding writes
 * {@link #contentLength()} bytes (the line without its CRLF) as one frame.
 *
 * <p>Immutable and thread-safe.
 */
public final class EncodedLine {
    private final byte[] bytes;

    private EncodedLine(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Wraps bytes produced by {@link LineEncoder}; the array is not copied and must end in CRLF.
     *
     * @throws IllegalArgumentException if the array does not end in CRLF
     */
    public static EncodedLine wrap(byte[] bytesWithCrlf) {
        int n = bytesWithCrlf.length;
        if (n < 2 || bytesWithCrlf[n - 2] != '\r' || bytesWithCrlf[n - 1] != '\n') {
            throw new IllegalArgumentException("an encoded line ends in CRLF");
        }
        return new EncodedLine(bytesWithCrlf);
    }

    /** The shared backing array, CRLF included. Read only. */
    public byte[] array() {
        return bytes;
    }

    /** Length in bytes including the trailing CRLF. */
    public int length() {
        return bytes.length;
    }

    /** Length in bytes without the trailing CRLF (the WebSocket payload). */
    public int contentLength() {
        return bytes.length - 2;
    }

    /** The line without its CRLF, for logs and tests. */
    @Override
    public String toString() {
        return new String(bytes, 0, bytes.length - 2, StandardCharsets.UTF_8);
    }
}
