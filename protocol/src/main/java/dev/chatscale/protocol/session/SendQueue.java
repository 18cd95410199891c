package dev.chatscale.protocol.session;

import dev.chatscale.protocol.wire.EncodedLine;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A byte-bounded, multi-producer queue of lines waiting for one connection's socket, with at most
 * one drainer at a time.
 *
 * <p>The bound counts bytes from {@link #offer} until the transport reports them written to the
 * socket with {@link #written(int)}, so "SendQ" means the same in every server: bytes the peer has
 * not yet taken. Taking a line with {@link #poll()} does not release its bytes.
 *
 * <p>Protocol for transports:
 * <ol>
 *   <li>{@link #offer} returns {@link Offer#WAKE} to exactly one producer when the queue goes from
 *       idle to non-empty: that caller must start (or schedule) a drain.
 *   <li>The drainer calls {@link #poll()} until it returns {@code null}, writes each line and calls
 *       {@link #written(int)} once the bytes reached the socket. A drainer may pause (for example
 *       while a Netty channel is not writable) and resume later; it keeps the drain role meanwhile.
 *   <li>When {@code poll()} returns {@code null} the drainer calls {@link #endDrain()}; if that
 *       returns {@code true}, lines arrived in the meantime and it must keep draining.
 * </ol>
 * {@link Offer#OVERFLOW} is returned exactly once, to the producer whose line crossed the bound;
 * the queue is then closed and that producer's transport must drop the connection.
 *
 * <p>Thread-safety: {@code offer}, {@code written}, {@code close} and the getters from any thread;
 * {@code poll} and {@code endDrain} only by the current drainer. Lock-free; never blocks. An idle
 * queue holds one empty {@link ConcurrentLinkedQueue} and two fields.
 */
public final class SendQueue {
    /** What happened to an offered line. */
    public enum Offer {
        /** Queued; a drainer is already active. */
        QUEUED,
        /** Queued; the caller now holds the drain role and must start a drain. */
        WAKE,
        /** Not queued: the bound was exceeded. The queue is closed; drop the connection. */
        OVERFLOW,
        /** Not queued: the queue was already closed. */
        CLOSED
    }

    private static final int IDLE = 0;
    private static final int DRAINING = 1;
    private static final int CLOSED = 2;
    private static final VarHandle PENDING;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PENDING = lookup.findVarHandle(SendQueue.class, "pending", long.class);
            STATE = lookup.findVarHandle(SendQueue.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long maxBytes;
    private final ConcurrentLinkedQueue<EncodedLine> lines = new ConcurrentLinkedQueue<>();
    /** Bytes offered and not yet written to the socket. Accessed through {@link #PENDING}. */
    @SuppressWarnings("unused")
    private volatile long pending;
    /** IDLE, DRAINING or CLOSED. Accessed through {@link #STATE}. */
    @SuppressWarnings("unused")
    private volatile int state;

    /**
     * @param maxBytes the SendQ bound in bytes, at least one maximal line (512)
     */
    public SendQueue(long maxBytes) {
        if (maxBytes < 512) {
            throw new IllegalArgumentException("maxBytes must hold at least one 512-byte line: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Queues a line unless that would exceed the bound or the queue is closed. Never blocks. */
    public Offer offer(EncodedLine line) {
        if ((int) STATE.getVolatile(this) == CLOSED) {
            return Offer.CLOSED;
        }
        int n = line.length();
        long after = (long) PENDING.getAndAdd(this, (long) n) + n;
        if (after > maxBytes) {
            PENDING.getAndAdd(this, (long) -n);
            return closeInternal() ? Offer.OVERFLOW : Offer.CLOSED;
        }
        lines.add(line);
        if (STATE.compareAndSet(this, IDLE, DRAINING)) {
            return Offer.WAKE;
        }
        if ((int) STATE.getVolatile(this) == CLOSED) {
            lines.clear();
            return Offer.CLOSED;
        }
        return Offer.QUEUED;
    }

    /** The next line to write, or {@code null} if none. Drainer only. */
    public EncodedLine poll() {
        return lines.poll();
    }

    /** Reports that {@code bytes} previously polled bytes reached the socket. Any thread. */
    public void written(int bytes) {
        PENDING.getAndAdd(this, (long) -bytes);
    }

    /**
     * Gives up the drain role after {@link #poll()} returned {@code null}. Drainer only.
     *
     * @return {@code true} if lines arrived meanwhile and the caller took the drain role back (keep
     *     draining); {@code false} if the caller no longer drains
     */
    public boolean endDrain() {
        if (!STATE.compareAndSet(this, DRAINING, IDLE)) {
            return false; // closed
        }
        return !lines.isEmpty() && STATE.compareAndSet(this, IDLE, DRAINING);
    }

    /** Closes the queue and discards what it holds; later offers return {@link Offer#CLOSED}. */
    public void close() {
        closeInternal();
    }

    private boolean closeInternal() {
        int s;
        do {
            s = (int) STATE.getVolatile(this);
            if (s == CLOSED) {
                return false;
            }
        } while (!STATE.compareAndSet(this, s, CLOSED));
        lines.clear();
        return true;
    }

    /** Whether {@link #close()} was called or the bound was exceeded. */
    public boolean isClosed() {
        return (int) STATE.getVolatile(this) == CLOSED;
    }

    /** Whether no line is waiting (lines already polled but not yet written do not count). */
    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** Bytes offered and not yet reported written. */
    public long pendingBytes() {
        return (long) PENDING.getVolatile(this);
    }

    /** The bound in bytes. */
    public long maxBytes() {
        return maxBytes;
    }
}
