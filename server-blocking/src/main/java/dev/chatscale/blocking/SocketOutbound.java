package dev.chatscale.blocking;

import dev.chatscale.blocking.websocket.CloseCodes;
import dev.chatscale.blocking.websocket.FrameType;
import dev.chatscale.blocking.websocket.FrameWriter;
import dev.chatscale.protocol.metrics.Metrics;
import dev.chatscale.protocol.session.Outbound;
import dev.chatscale.protocol.session.SendQueue;
import dev.chatscale.protocol.wire.EncodedLine;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The way out of one blocking socket: a {@link SendQueue} plus a writer thread that exists only while
 * there is something to write.
 *
 * <p>Writer lifecycle: the producer whose {@link #offer} gets {@link SendQueue.Offer#WAKE} starts a
 * writer thread from the server's {@link ConnectionThreads}; the writer drains the queue with blocking
 * writes (TCP: batching what is queued into one {@code write}; WebSocket: one frame per line) and
 * lingers: it waits up to {@link Shared#writerLingerNanos()} for more output, and the next
 * {@code WAKE} hands the queue to it instead of starting a thread; only then does it end. An idle
 * connection therefore owns no writer thread: its only thread is its reader. The price is a thread
 * start per burst of output: nothing for a virtual thread; for a platform thread an unpark when
 * an idle one is at hand ({@link RecycledThreads}), else tens of microseconds to milliseconds
 * (under CPU contention) for a new one. Without the linger, a room filling up (every JOIN
 * is broadcast to every member) would start a thread per member per JOIN; with it, a writer per
 * member per burst of JOINs. A lingering writer is parked and costs its stack, for a bounded time.
 *
 * <p>Closing:
 * <ul>
 *   <li>{@link #close()} (the session ended: QUIT, timeout, shutdown): refuse new lines, let the writer
 *       flush what is queued (WebSocket: then send a close frame, status 1000), then close the
 *       socket. If no writer runs, TCP closes at once and WebSocket starts one for the close frame. A writer stuck
 *       on a peer that stopped reading is cut off by {@link #expireClose} (called by the sweeper), so
 *       the flush is bounded in time.
 *   <li>{@link #drop(String)} (SendQ overflow, write error, forced close): close the socket now and
 *       remember the reason; the connection's reader, woken by the closed socket, reports it to the
 *       session. On overflow no {@code ERROR} line is written: overflow means a writer is blocked on
 *       a full socket buffer, so a second write would either interleave with its bytes or block too;
 *       the peer, which is not reading, would never see it anyway.
 * </ul>
 * Whichever way, {@link Owner#closing()} runs exactly once when the connection stops taking
 * lines, and {@link Owner#closed()} exactly once after the socket is closed.
 *
 * <p>Thread-safety: {@link #offer}, {@link #close}, {@link #drop} and {@link #expireClose} from any
 * thread, lock-free, never blocking ({@code close} of a socket does not block). Idle footprint: this
 * object (64 bytes) and an empty SendQueue.
 */
final class SocketOutbound implements Outbound, Runnable {
    /** The connection this is the way out of. */
    interface Owner {
        /** The connection's name for its writer threads, e.g. {@code conn-127.0.0.1:54321}. */
        String name();

        /**
         * Told once when the connection stops taking lines ({@link #close()} or {@link #drop}):
         * its session is over, so its slot may serve someone else. Called before anything the peer
         * could see (close frame, end of stream), so a peer that reconnects at once finds the slot
         * free. May run on any thread; must not block.
         */
        void closing();

        /** Told once, after {@link #closing()}, when the socket has been closed. */
        void closed();
    }

    /**
     * What every connection of a server shares: where writer threads come from (the same as the
     * readers') and where byte counts go. One instance per server.
     *
     * <p>{@code stopping}: once set (server shutdown), writers are started as virtual threads
     * whatever {@code threads} makes. Shutdown offers every connection its ERROR line at once;
     * starting thousands of platform threads for that, while as many readers were exiting, took
     * the threaded server 12-20 s at 10,000 clients (thread creation contends with exiting
     * threads; measured before {@link RecycledThreads}); a virtual thread start is a queued task.
     *
     * <p>{@code writerStarts}: where a writer's {@code start()} runs. For virtual threads the
     * offering thread itself ({@code Runnable::run}): the start is a queued task. For platform
     * threads a few starter threads, because {@code Thread.start()} waits until the new thread has
     * been scheduled, and the offering thread is some other client's reader in the middle of a
     * broadcast: when 10,000 clients left at once, each reader's QUIT to its room started up to 99
     * writers in turn, every start waited behind thousands of runnable threads, and the threaded
     * server took 34 s (98 s in the benchmark) to end the threads of clients already gone. A start
     * that finds the connection already dropped is skipped. If {@code writerStarts} refuses (it is
     * shut down), the offering thread starts the writer itself.
     */
    record Shared(ConnectionThreads threads, Metrics metrics, long writerLingerNanos, AtomicBoolean stopping,
            Executor writerStarts) {
        /** Writers that end as soon as the queue is empty (no linger), started by the offering thread. */
        Shared(ConnectionThreads threads, Metrics metrics) {
            this(threads, metrics, 0, new AtomicBoolean(), Runnable::run);
        }

        Shared {
            if (writerLingerNanos < 0) {
                throw new IllegalArgumentException("writerLingerNanos must not be negative: " + writerLingerNanos);
            }
        }
    }

    /** Writers started once the server is stopping; see {@link Shared}. */
    private static final ConnectionThreads SHUTDOWN_WRITERS = ConnectionThreads.fresh(Thread.ofVirtual().factory());

    /**
     * A WebSocket connection's way of writing lines: one frame of the negotiated type per line,
     * without its CRLF (PROTOCOL.md §8), through the connection's frame writer (which the reader
     * also uses for pongs and close frames).
     */
    record Frames(FrameWriter writer, FrameType type) {}

    /** Largest single {@code write} the writer batches queued lines into. */
    static final int MAX_BATCH_BYTES = 8 * 1024;
    /** Smallest batch: one maximal (512-byte) line. */
    static final int MIN_BATCH_BYTES = 512;

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;
    private static final VarHandle STATE;
    private static final VarHandle WRITERS;
    private static final VarHandle DROP_REASON;
    private static final VarHandle LINGER;
    private static final VarHandle LINGERER;

    /** {@link #linger}: no writer is lingering. */
    private static final int NOT_LINGERING = 0;
    /** {@link #linger}: a writer is parked in {@link #linger(Thread)}, waiting for output. */
    private static final int LINGERING = 1;
    /** {@link #linger}: an offer that got {@code WAKE} handed the drain role to the lingering writer. */
    private static final int HANDED_DRAIN = 2;
    /** {@link #linger}: the connection is closing; the lingering writer must end. */
    private static final int HANDED_CLOSE = 3;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(SocketOutbound.class, "state", int.class);
            WRITERS = lookup.findVarHandle(SocketOutbound.class, "writers", int.class);
            DROP_REASON = lookup.findVarHandle(SocketOutbound.class, "dropReason", String.class);
            LINGER = lookup.findVarHandle(SocketOutbound.class, "linger", int.class);
            LINGERER = lookup.findVarHandle(SocketOutbound.class, "lingerer", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Socket socket;
    private final SendQueue queue;
    private final Shared shared;
    private final Owner owner;
    /**
     * {@code null} for plain TCP; set once by {@link #useFrames} on the reader thread after the
     * WebSocket handshake, before the session exists (so before any line is offered).
     */
    private volatile Frames frames;
    /** OPEN, CLOSING (flush then close) or CLOSED. Accessed through {@link #STATE}. */
    @SuppressWarnings("unused")
    private volatile int state;
    /** Writer threads started and not yet finished (0 when idle; briefly 2 at a hand-over). */
    @SuppressWarnings("unused")
    private volatile int writers;
    /** When {@link #close()} was called ({@link System#nanoTime()}); meaningful in CLOSING only. */
    private volatile long closingSinceNanos;
    /** Why the socket was dropped, first reason wins; {@code null} if it was not dropped. */
    @SuppressWarnings("unused")
    private volatile String dropReason;
    /**
     * NOT_LINGERING, LINGERING, HANDED_DRAIN or HANDED_CLOSE; accessed through {@link #LINGER}. The
     * writer moves it from NOT_LINGERING to LINGERING and back (on timeout); a claimer (an offer that
     * got WAKE, or close/drop) moves it from LINGERING to HANDED_* and then unparks {@link #lingerer};
     * the writer, woken, resets it to NOT_LINGERING.
     */
    @SuppressWarnings("unused")
    private volatile int linger;
    /**
     * The one writer thread that lingers (or is about to): claimed by CAS from {@code null} before
     * {@link #linger} becomes LINGERING, cleared by that writer as it stops lingering, so an idle
     * connection references no thread. Accessed through {@link #LINGERER} for the claim.
     */
    private volatile Thread lingerer;

    /**
     * @param socket the connected socket; this object closes it
     * @param queue the connection's SendQ
     * @param shared the server's writer thread factory and metrics
     * @param owner names writer threads and is told when the socket closed
     */
    SocketOutbound(Socket socket, SendQueue queue, Shared shared, Owner owner) {
        this.socket = socket;
        this.queue = queue;
        this.shared = shared;
        this.owner = owner;
    }

    /** Switches this connection to WebSocket frames; once, before the first line is offered. */
    void useFrames(Frames frames) {
        this.frames = frames;
    }

    @Override
    public boolean offer(EncodedLine line) {
        if ((int) STATE.getVolatile(this) != OPEN) {
            return false;
        }
        switch (queue.offer(line)) {
            case QUEUED:
                return true;
            case WAKE:
                if (LINGER.compareAndSet(this, LINGERING, HANDED_DRAIN)) {
                    LockSupport.unpark(lingerer); // the drain role goes to the writer still around
                } else {
                    startWriter(this);
                }
                return true;
            case OVERFLOW:
                shared.metrics().sendQueueDrop();
                drop("Max SendQ exceeded");
                return false;
            default:
                return false;
        }
    }

    /**
     * Starts a writer thread running {@code task}, which must end with {@link #writerDone()}: on
     * {@link Shared#writerStarts()}, or at once on this thread once the server is stopping. The
     * writer is counted from here, so a {@link #close()} meanwhile leaves the flush to it.
     */
    private void startWriter(Runnable task) {
        WRITERS.getAndAdd(this, 1);
        if (!shared.stopping().get()) {
            try {
                shared.writerStarts().execute(() -> startCounted(task));
                return;
            } catch (RejectedExecutionException e) {
                // the starters are shut down: the server is stopping, start it here
            }
        }
        startCounted(task);
    }

    /** Starts the writer {@link #startWriter} counted, unless the socket was dropped meanwhile. */
    private void startCounted(Runnable task) {
        if ((int) STATE.getVolatile(this) == CLOSED) {
            writerDone(); // dropped: nothing can be written any more
            return;
        }
        try {
            (shared.stopping().get() ? SHUTDOWN_WRITERS : shared.threads()).start(owner.name(), task);
        } catch (OutOfMemoryError | RuntimeException e) {
            // e.g. "unable to create native thread" when the process hits pid_max: this connection
            // cannot be served any more, but the server and its other clients can.
            WRITERS.getAndAdd(this, -1);
            drop("Cannot start writer: " + e);
        }
    }

    /**
     * The writer: drains the queue, lingers for more, and ends when none came. Runs on a thread
     * started by {@link #startWriter}.
     */
    @Override
    public void run() {
        try {
            do {
                drain();
            } while (linger(Thread.currentThread()));
        } catch (IOException e) {
            drop("Write error: " + e.getMessage());
        } finally {
            writerDone(); // linger() has cleared its claim on lingerer: an ended thread stays unreachable
        }
    }

    /**
     * Waits, after a drain, for the next burst of output. Writer thread only.
     *
     * @return {@code true} if an offer handed this writer the drain role (drain again); {@code false}
     *     if the writer should end: no output within the linger, or the connection is closing
     */
    private boolean linger(Thread me) {
        long lingerNanos = shared.writerLingerNanos();
        if (lingerNanos == 0 || (int) STATE.getVolatile(this) != OPEN) {
            return false;
        }
        // One lingerer at a time. An offer that got WAKE just before this writer was LINGERING
        // started another writer, which now holds the drain role; had both lingered, a later
        // hand-over could have woken both, and two writers would have drained the queue at once
        // (lines reordered on the wire). The second one to get here ends instead.
        if (!LINGERER.compareAndSet(this, null, me)) {
            return false;
        }
        try {
            LINGER.setVolatile(this, LINGERING);
            if ((int) STATE.getVolatile(this) != OPEN) {
                // close() may have looked before we were LINGERING; it relies on us to end
                return !LINGER.compareAndSet(this, LINGERING, NOT_LINGERING) && wasHandedDrain();
            }
            long deadline = System.nanoTime() + lingerNanos;
            while ((int) LINGER.getVolatile(this) == LINGERING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (LINGER.compareAndSet(this, LINGERING, NOT_LINGERING)) {
                        return false;
                    }
                    break; // claimed just now
                }
                LockSupport.parkNanos(this, left);
            }
            return wasHandedDrain();
        } finally {
            // an ended thread must not stay reachable from an idle connection: a dead platform
            // thread still holds its thread-locals (the JDK's per-thread NIO buffer cache: ~4 KB)
            lingerer = null;
        }
    }

    /** After a claim: resets the linger state and tells whether the claim was a WAKE. */
    private boolean wasHandedDrain() {
        return (int) LINGER.getAndSet(this, NOT_LINGERING) == HANDED_DRAIN;
    }

    /** Ends a lingering writer (the connection is closing); it then runs {@link #writerDone()}. */
    private void releaseLingerer() {
        if (LINGER.compareAndSet(this, LINGERING, HANDED_CLOSE)) {
            LockSupport.unpark(lingerer);
        }
    }

    /** The last writer out of a closing connection says goodbye and closes the socket. */
    private void writerDone() {
        int left = (int) WRITERS.getAndAdd(this, -1) - 1;
        if (left == 0 && (int) STATE.getVolatile(this) == CLOSING) {
            sayGoodbye();
            finish();
        }
    }

    /** WebSocket: the close frame (status 1000) after the last line; TCP: nothing. May block. */
    private void sayGoodbye() {
        Frames f = frames;
        if (f != null) {
            try {
                f.writer().writeClose(CloseCodes.NORMAL, "");
            } catch (IOException e) {
                // the peer is gone: closing the socket is all that is left
            }
        }
    }

    private void drain() throws IOException {
        Frames f = frames;
        if (f != null) {
            drainFrames(f);
            return;
        }
        OutputStream out = socket.getOutputStream();
        do {
            EncodedLine line;
            while ((line = queue.poll()) != null) {
                if (queue.isEmpty()) {
                    // the common case of one line: write the shared bytes, no copy
                    out.write(line.array(), 0, line.length());
                    written(line.length(), line.length());
                } else {
                    writeBatch(out, line);
                }
            }
        } while (queue.endDrain());
    }

    /** WebSocket: one frame per line, through the frame writer's lock (the reader sends pongs). */
    private void drainFrames(Frames f) throws IOException {
        do {
            EncodedLine line;
            while ((line = queue.poll()) != null) {
                int payload = line.contentLength();
                f.writer().writeMessage(f.type(), line.array(), 0, payload);
                written(line.length(), payload + (payload < 126 ? 2 : 4));
            }
            f.writer().flush();
        } while (queue.endDrain());
    }

    /** Copies {@code first} and whatever follows it (up to {@link #MAX_BATCH_BYTES}) into one write. */
    private void writeBatch(OutputStream out, EncodedLine first) throws IOException {
        // sized to what is queued (pendingBytes also counts lines in flight), but always room for one
        // maximal line, so every line fits an emptied batch
        long wanted = Math.max(queue.pendingBytes(), 0) + 64L;
        byte[] batch = new byte[Math.clamp(wanted, MIN_BATCH_BYTES, MAX_BATCH_BYTES)];
        int used = append(first, batch, 0);
        EncodedLine next;
        while (!queue.isEmpty() && (next = queue.poll()) != null) {
            if (used + next.length() > batch.length) {
                out.write(batch, 0, used);
                written(used, used);
                used = 0;
            }
            used = append(next, batch, used);
        }
        out.write(batch, 0, used);
        written(used, used);
    }

    private static int append(EncodedLine line, byte[] batch, int off) {
        System.arraycopy(line.array(), 0, batch, off, line.length());
        return off + line.length();
    }

    /** Releases SendQ bytes (counted as offered: lines with CRLF) once they reached the socket. */
    private void written(int lineBytes, int wireBytes) {
        queue.written(lineBytes);
        shared.metrics().bytesOut(wireBytes);
    }

    /** Flushes what is queued, then closes the socket; see the class comment. Idempotent. */
    @Override
    public void close() {
        if (!STATE.compareAndSet(this, OPEN, CLOSING)) {
            return;
        }
        closingSinceNanos = System.nanoTime();
        owner.closing();
        releaseLingerer(); // it ends, and as the last writer says goodbye
        if ((int) WRITERS.getVolatile(this) == 0) {
            if (frames == null) {
                finish(); // TCP: nothing to flush, nothing to say
            } else {
                startWriter(this::writerDone); // WebSocket: the close frame is a write, and may block
            }
        }
        // else the last writer to finish sees CLOSING, says goodbye and calls finish()
    }

    /**
     * Closes the socket now, without flushing. The first reason given is kept for
     * {@link #dropReason()}. Idempotent.
     */
    void drop(String reason) {
        DROP_REASON.compareAndSet(this, (String) null, reason);
        finish();
    }

    /**
     * Cuts off a flush that has taken longer than {@code graceNanos}, e.g. to a peer that stopped
     * reading. Called periodically by the sweeper.
     *
     * @return whether the connection was dropped now
     */
    boolean expireClose(long nowNanos, long graceNanos) {
        if ((int) STATE.getVolatile(this) == CLOSING && nowNanos - closingSinceNanos >= graceNanos) {
            drop("Closing flush timed out");
            return true;
        }
        return false;
    }

    private void finish() {
        int s;
        do {
            s = (int) STATE.getVolatile(this);
            if (s == CLOSED) {
                return;
            }
        } while (!STATE.compareAndSet(this, s, CLOSED));
        if (s == OPEN) {
            owner.closing(); // dropped without a close() first
        }
        queue.close();
        releaseLingerer();
        try {
            socket.close(); // wakes the reader (and a blocked writer) with a SocketException
        } catch (IOException ignored) {
            // nothing more to do for a socket we are abandoning
        }
        owner.closed();
    }

    /** Why the socket was dropped ({@code Max SendQ exceeded}, a write error...), or {@code null}. */
    String dropReason() {
        return (String) DROP_REASON.getVolatile(this);
    }

    /** Whether the socket has been closed. */
    boolean isClosed() {
        return (int) STATE.getVolatile(this) == CLOSED;
    }

    /** Whether {@link #close()} or {@link #drop} was called. */
    boolean isClosing() {
        return (int) STATE.getVolatile(this) != OPEN;
    }

    /** The writer thread this connection still references (lingering, or about to), else {@code null}. For tests. */
    Thread lingeringWriter() {
        return lingerer;
    }

    /** Writer threads currently running (0 for an idle connection). For tests and diagnostics. */
    int activeWriters() {
        return (int) WRITERS.getVolatile(this);
    }
}
