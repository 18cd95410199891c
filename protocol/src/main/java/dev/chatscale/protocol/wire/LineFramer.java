package dev.chatscale.protocol.wire;

import java.util.Arrays;

/**
 * Splits a TCP byte stream into lines. LF, CRLF and a lone CR all end a line (nc sends LF only,
 * telnet CRLF); empty lines are skipped, so CRLF needs no special state.
 *
 * <p>Bounded: a line longer than {@link #maxLineBytes()} (terminated or not) is a flood, reported by
 * {@link #feed} returning {@code false}; the caller closes the link with {@code Excess Flood}.
 *
 * <p>Memory: complete lines are handed out as slices of the caller's buffer (no copy). Only the
 * unterminated tail of a read is copied into a pending buffer, which is allocated when needed,
 * grows up to the bound, and is released as soon as its line completes: an idle connection's framer
 * holds no buffer. Pending bytes are known to hold no terminator, so each byte is scanned once (the
 * scan resumes where the last read ended).
 *
 * <p>Thread-safety: none; confined to the session's thread.
 */
public final class LineFramer {
    /** Receives complete, non-empty lines without their terminator. */
    @FunctionalInterface
    public interface LineSink {
        /** One line; {@code buf} is only valid during the call and must not be kept or modified. */
        void line(byte[] buf, int off, int len);
    }

    /** Default bound: an unterminated line beyond ~8 KiB is a flood (PROTOCOL.md §1, §10). */
    public static final int DEFAULT_MAX_LINE_BYTES = 8192;
    private static final int MIN_PENDING = 128;

    private final int maxLineBytes;
    /** Unterminated tail of earlier reads, or {@code null} when none is pending. */
    private byte[] pending;
    /** Bytes used in {@link #pending}. */
    private int pendingLength;

    public LineFramer() {
        this(DEFAULT_MAX_LINE_BYTES);
    }

    /** @param maxLineBytes longest line accepted, terminator excluded */
    public LineFramer(int maxLineBytes) {
        if (maxLineBytes < 512) {
            throw new IllegalArgumentException("maxLineBytes must be at least 512: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Feeds bytes; calls {@code sink} for every line they complete, in order.
     *
     * @return {@code false} if a line exceeded the bound (flood): the framer then discards its state
     *     and the caller should close the connection; {@code true} otherwise
     */
    public boolean feed(byte[] buf, int off, int len, LineSink sink) {
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            if (b != '\n' && b != '\r') {
                continue;
            }
            int n = i - start;
            if (pendingLength > 0) {
                if (!append(buf, start, n)) {
                    return false;
                }
                byte[] line = pending;
                int lineLength = pendingLength;
                pending = null;
                pendingLength = 0;
                sink.line(line, 0, lineLength);
            } else if (n > 0) {
                if (n > maxLineBytes) {
                    return flood();
                }
                sink.line(buf, start, n);
            }
            start = i + 1;
        }
        if (start < end) {
            return append(buf, start, end - start);
        }
        return true;
    }

    /** Whether part of a line is waiting for its terminator. */
    public boolean hasPending() {
        return pendingLength > 0;
    }

    /** Bytes of the unterminated line held now. */
    public int pendingBytes() {
        return pendingLength;
    }

    /** Capacity of the pending buffer, 0 when none is allocated (for memory tests). */
    public int bufferCapacity() {
        return pending == null ? 0 : pending.length;
    }

    /** The bound on one line's length, terminator excluded. */
    public int maxLineBytes() {
        return maxLineBytes;
    }

    private boolean append(byte[] buf, int off, int n) {
        if (n == 0) {
            return true;
        }
        int needed = pendingLength + n;
        if (needed > maxLineBytes) {
            return flood();
        }
        if (pending == null) {
            pending = new byte[Math.min(maxLineBytes, Math.max(MIN_PENDING, needed))];
        } else if (needed > pending.length) {
            pending = Arrays.copyOf(pending, Math.min(maxLineBytes, Math.max(needed, pending.length * 2)));
        }
        System.arraycopy(buf, off, pending, pendingLength, n);
        pendingLength = needed;
        return true;
    }

    private boolean flood() {
        pending = null;
        pendingLength = 0;
        return false;
    }
}
