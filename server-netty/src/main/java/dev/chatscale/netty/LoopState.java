package dev.chatscale.netty;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Everything one worker event loop shares among its connections: the list of live connections
 * ({@link LoopMember}s) with ONE periodic task that ticks them for registration and ping timeouts
 * (no timer per connection), and one scratch array that reads copy into (no read buffer per
 * connection).
 *
 * <p>Thread-safety: confined to its event loop; {@link #size()} may be read from anywhere
 * (approximately).
 */
final class LoopState {
    private static final System.Logger LOG = System.getLogger(LoopState.class.getName());
    /** Bytes of a single read handed to a session at once; larger reads are handed over in pieces. */
    static final int SCRATCH_BYTES = 16 * 1024;

    private final EventLoop loop;
    private final LongSupplier clock;
    private final byte[] scratch = new byte[SCRATCH_BYTES];
    /** Guarded by the event loop. */
    private LoopMember head;
    private volatile int size;
    /** Guarded by the event loop. */
    private ScheduledFuture<?> ticker;

    LoopState(EventLoop loop, LongSupplier clock) {
        this.loop = loop;
        this.clock = clock;
    }

    EventLoop loop() {
        return loop;
    }

    /** The loop's scratch array for copying reads out of (direct) buffers. Event loop only. */
    byte[] scratch() {
        return scratch;
    }

    /** Starts the periodic tick on the loop. Call once. */
    void startTicking(long periodMillis) {
        loop.execute(() -> ticker = loop.scheduleAtFixedRate(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS));
    }

    void add(LoopMember m) {
        assert loop.inEventLoop();
        if (m.linked) {
            return;
        }
        m.linked = true;
        m.prev = null;
        m.next = head;
        if (head != null) {
            head.prev = m;
        }
        head = m;
        size++;
    }

    /** Unlinks {@code m}. Its {@code next} stays, so an iteration standing on it can continue. */
    void remove(LoopMember m) {
        assert loop.inEventLoop();
        if (!m.linked) {
            return;
        }
        m.linked = false;
        if (m.prev != null) {
            m.prev.next = m.next;
        } else {
            head = m.next;
        }
        if (m.next != null) {
            m.next.prev = m.prev;
        }
        m.prev = null;
        size--;
    }

    /** Connections on this loop now. */
    int size() {
        return size;
    }

    /** One timeout sweep over every connection of the loop. */
    void tick() {
        long now = clock.getAsLong();
        for (LoopMember m = head; m != null; ) {
            LoopMember next = m.next;
            try {
                m.onTick(now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "tick failed for a connection", e);
            }
            m = next;
        }
    }

    /** Tells every connection on the loop that the server stops. Event loop only. */
    void shutdownAll(String reason) {
        if (ticker != null) {
            ticker.cancel(false);
        }
        long now = clock.getAsLong();
        for (LoopMember m = head; m != null; ) {
            LoopMember next = m.next;
            try {
                m.onShutdown(reason, now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "shutdown failed for a connection", e);
            }
            m = next;
        }
    }
}
