package dev.chatscale.testkit.reference;

import dev.chatscale.protocol.session.Outbound;
import dev.chatscale.protocol.session.SendQueue;
import dev.chatscale.protocol.session.Session;
import dev.chatscale.protocol.state.Hub;
import dev.chatscale.protocol.wire.EncodedLine;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One client of the {@link ReferenceServer}: the session (called only under {@code sessionLock}),
 * and an {@link Outbound} over a {@link SendQueue} whose draining the transport supplies.
 */
abstract class RefConnection implements Outbound {
    private final ReentrantLock sessionLock = new ReentrantLock();
    private final ReentrantLock drainLock = new ReentrantLock();
    protected final SendQueue queue;
    /** Guarded by sessionLock. */
    private Session session;
    /** Guarded by drainLock. */
    private boolean draining;
    /** Guarded by drainLock. */
    private boolean closing;
    private volatile String dropReason = Session.REMOTE_CLOSED;

    RefConnection(Hub hub) {
        this.queue = new SendQueue(hub.config().maxSendQBytes());
    }

    /** Opens the session; call once the transport can write. */
    final void open(Hub hub, String peerAddress) {
        sessionLock.lock();
        try {
            session = hub.connect(peerAddress, this, System.currentTimeMillis());
        } finally {
            sessionLock.unlock();
        }
    }

    final void withSession(Consumer<Session> action) {
        sessionLock.lock();
        try {
            if (session != null) {
                action.accept(session);
            }
        } finally {
            sessionLock.unlock();
        }
    }

    final void linkLost() {
        withSession(s -> s.onDisconnect(dropReason, System.currentTimeMillis()));
        closeTransport();
    }

    final void tick() {
        if (sessionLock.tryLock()) {
            try {
                if (session != null && !session.isClosed()) {
                    session.onTick(System.currentTimeMillis());
                }
            } finally {
                sessionLock.unlock();
            }
        }
    }

    @Override
    public final boolean offer(EncodedLine line) {
        switch (queue.offer(line)) {
            case WAKE -> {
                drainLock.lock();
                try {
                    draining = true;
                } finally {
                    drainLock.unlock();
                }
                startDrain();
                return true;
            }
            case QUEUED -> {
                return true;
            }
            case OVERFLOW -> {
                dropReason = "Max SendQ exceeded";
                abortTransport();
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /** Drainer: after poll() returned null. Returns whether to keep draining. */
    protected final boolean endDrain() {
        drainLock.lock();
        try {
            if (queue.endDrain()) {
                return true;
            }
            draining = false;
            if (closing) {
                closeTransport();
            }
            return false;
        } finally {
            drainLock.unlock();
        }
    }

    @Override
    public final void close() {
        drainLock.lock();
        try {
            closing = true;
            if (!draining) {
                closeTransport();
            }
        } finally {
            drainLock.unlock();
        }
    }

    /** Starts (or schedules) a drain that polls, writes, reports written bytes and calls {@link #endDrain()}. */
    protected abstract void startDrain();

    /** Closes the socket (after a polite goodbye where the transport has one). Idempotent. */
    protected abstract void closeTransport();

    /** Closes the socket at once, discarding queued output (the peer stopped reading). Idempotent. */
    protected abstract void abortTransport();
}
