package dev.chatscale.blocking;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Connection permits ({@code maxConnections} of them) shared by a server's acceptors, with one
 * <em>reservation</em> slot per acceptor: an acceptor takes a permit before it blocks in
 * {@code accept()} ({@link #reserve}), so the connection it accepts next is already admitted.
 *
 * <p>An idle acceptor's reservation must not turn a client of another listener away: with IRC and
 * WebSocket listeners and {@code maxConnections} 2, two reservations would otherwise leave no
 * permit for a second client. So {@link #claim} uses, in order, the acceptor's own reservation, a
 * free permit, and finally another acceptor's unused reservation, which that acceptor then finds
 * gone and replaces (or refuses its client if none is left). A permit is always in exactly one
 * place: the semaphore, one reservation, or one open connection, so none leaks and at most
 * {@code maxConnections} connections are served.
 *
 * <p>Thread-safety: lock-free, any thread; acceptor {@code i} calls {@link #reserve}/{@link #claim}
 * /{@link #cancel} only for its own index.
 */
final class Admission {
    private final Semaphore permits;
    private final AtomicBoolean[] reserved;

    /**
     * @param maxConnections permits in all
     * @param acceptors how many acceptors share them (each gets an index from 0)
     */
    Admission(int maxConnections, int acceptors) {
        this.permits = new Semaphore(maxConnections);
        this.reserved = new AtomicBoolean[acceptors];
        for (int i = 0; i < acceptors; i++) {
            reserved[i] = new AtomicBoolean();
        }
    }

    /** Before {@code accept()}: acceptor {@code i} reserves a permit if it has none and one is free. */
    void reserve(int i) {
        if (!reserved[i].get() && permits.tryAcquire()) {
            reserved[i].set(true);
        }
    }

    /**
     * After {@code accept()}: takes a permit for the accepted connection, which then owns it until
     * {@link #release()}.
     *
     * @return {@code false} if none is left: refuse the client
     */
    boolean claim(int i) {
        if (reserved[i].compareAndSet(true, false) || permits.tryAcquire()) {
            return true;
        }
        for (int j = 0; j < reserved.length; j++) {
            if (j != i && reserved[j].compareAndSet(true, false)) {
                return true; // an idle acceptor's reservation
            }
        }
        return false;
    }

    /** Gives back the reservation of acceptor {@code i}, if it holds one (the acceptor is stopping). */
    void cancel(int i) {
        if (reserved[i].compareAndSet(true, false)) {
            permits.release();
        }
    }

    /** A connection that owned a permit has closed. */
    void release() {
        permits.release();
    }

    /** Permits neither reserved nor owned by a connection. */
    int available() {
        return permits.availablePermits();
    }

    /** Whether acceptor {@code i} holds a reservation. */
    boolean isReserved(int i) {
        return reserved[i].get();
    }
}
