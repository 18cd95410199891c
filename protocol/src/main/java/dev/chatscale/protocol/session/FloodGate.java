package dev.chatscale.protocol.session;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Per-client input rate limit (PROTOCOL.md §10, "optional per-client command rate (token bucket)"):
 * a bucket of {@code burst} tokens refilled at {@code rate} tokens per second; each line takes one.
 * A line that finds the bucket empty is not dropped but <em>held</em>, and lines behind it wait too,
 * so order is kept; held lines are handed back by {@link #poll} as tokens refill. When the held
 * lines would exceed {@code maxHeldBytes} the gate reports {@link Admission#OVERFLOW} and the session
 * closes the link with {@code Excess Flood}.
 *
 * <p>Implemented as a generic cell rate algorithm: one number, the theoretical arrival time
 * ({@link #tat}, microseconds), is the bucket. A full bucket is {@code tat <= now}; each line pushes
 * {@code tat} one emission interval ({@code 1 s / rate}) further; a line may pass while
 * {@code tat} stays within {@code burst} intervals of now.
 *
 * <p>Pure: time is passed in (epoch milliseconds, like every {@link Session} call); no clock, no
 * thread, no timer. The session calls {@link #poll} on its next input and on every tick, so a held
 * line waits at most one tick period longer than its token.
 *
 * <p>Memory: the queue of held lines exists only while lines are held; the session keeps a gate
 * only while its bucket is not full (an idle session holds none).
 *
 * <p>Thread-safety: none; confined to its session's thread like the session itself.
 */
public final class FloodGate {
    /** What {@link #offer} decided for one line. */
    public enum Admission {
        /** A token was available: handle the line now. */
        PASS,
        /** Copied into the held queue: it comes back from {@link #poll} later. */
        HELD,
        /** Holding it would exceed the held-bytes bound: close the link with {@code Excess Flood}. */
        OVERFLOW
    }

    private static final long MICROS_PER_SECOND = 1_000_000L;

    /** Microseconds between tokens. */
    private final long intervalMicros;
    /** How far ahead of now {@link #tat} may be before a line must wait: {@code (burst - 1)} intervals. */
    private final long toleranceMicros;
    private final int maxHeldBytes;
    /** Theoretical arrival time of the next line, epoch microseconds; the bucket is full when {@code <= now}. */
    private long tat;
    /** Lines waiting for a token, oldest first; {@code null} while none is held. */
    private ArrayDeque<byte[]> held;
    /** Sum of the lengths of {@link #held}. */
    private int heldBytes;

    /**
     * @param rate tokens (lines) per second, at least 1 (a rate of 0, "off", means no gate at all)
     * @param burst bucket size: lines that pass back to back after a quiet period, at least 1
     * @param maxHeldBytes bound on the bytes of held lines (terminators excluded), at least 1
     */
    public FloodGate(int rate, int burst, int maxHeldBytes) {
        if (rate < 1 || rate > MICROS_PER_SECOND) {
            throw new IllegalArgumentException("rate must be 1.." + MICROS_PER_SECOND + ": " + rate);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
        if (maxHeldBytes < 1) {
            throw new IllegalArgumentException("maxHeldBytes must be at least 1: " + maxHeldBytes);
        }
        this.intervalMicros = MICROS_PER_SECOND / rate;
        this.toleranceMicros = (burst - 1) * intervalMicros;
        this.maxHeldBytes = maxHeldBytes;
        this.tat = Long.MIN_VALUE / 2;
    }

    /**
     * One line arrived. Passes it if nothing is held and a token is available; otherwise holds a
     * copy behind the lines already held (order is kept), or reports the overflow.
     */
    public Admission offer(byte[] buf, int off, int len, long nowMillis) {
        if (held == null && take(nowMillis)) {
            return Admission.PASS;
        }
        if (heldBytes + len > maxHeldBytes) {
            return Admission.OVERFLOW;
        }
        if (held == null) {
            held = new ArrayDeque<>();
        }
        held.addLast(Arrays.copyOfRange(buf, off, off + len));
        heldBytes += len;
        return Admission.HELD;
    }

    /**
     * The oldest held line if a token is available for it now (the token is taken), else
     * {@code null}. Call repeatedly until {@code null}.
     */
    public byte[] poll(long nowMillis) {
        if (held == null || !take(nowMillis)) {
            return null;
        }
        byte[] line = held.pollFirst();
        heldBytes -= line.length;
        if (held.isEmpty()) {
            held = null;
        }
        return line;
    }

    /** Whether lines are waiting for tokens. */
    public boolean hasHeld() {
        return held != null;
    }

    /** Bytes of the lines waiting (terminators excluded). */
    public int heldBytes() {
        return heldBytes;
    }

    /** Whether the gate is in its initial state (bucket full, nothing held), so it may be dropped. */
    public boolean isIdle(long nowMillis) {
        return held == null && tat <= nowMillis * 1000;
    }

    private boolean take(long nowMillis) {
        long now = nowMillis * 1000;
        long start = Math.max(tat, now);
        if (start - now > toleranceMicros) {
            return false;
        }
        tat = start + intervalMicros;
        return true;
    }

    /**
     * Whether a line skips the bucket: {@code PONG} (the answer to the server's own PING; delaying
     * it would turn a flooder's liveness into a ping timeout). Tags and a source prefix are skipped;
     * the verb is compared ignoring case. Reads the bytes only, allocates nothing.
     */
    public static boolean bypasses(byte[] buf, int off, int len) {
        int end = off + len;
        int i = off;
        for (int pass = 0; pass < 2 && i < end; pass++) {
            byte first = buf[i];
            if ((pass == 0 && first == '@') || first == ':') {
                while (i < end && buf[i] != ' ') {
                    i++;
                }
                while (i < end && buf[i] == ' ') {
                    i++;
                }
            }
        }
        if (end - i < 4) {
            return false;
        }
        boolean pong = (buf[i] | 0x20) == 'p' && (buf[i + 1] | 0x20) == 'o'
                && (buf[i + 2] | 0x20) == 'n' && (buf[i + 3] | 0x20) == 'g';
        return pong && (end - i == 4 || buf[i + 4] == ' ');
    }
}
