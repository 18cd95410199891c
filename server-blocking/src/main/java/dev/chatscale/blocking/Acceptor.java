package dev.chatscale.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * The accept loop of one listening socket, meant to run on its own platform thread.
 *
 * <p>Admission: a connection permit (from the server's {@link Admission} of {@code maxConnections})
 * is reserved <em>before</em> {@code accept()} and handed to the {@link Handler} with the socket; the
 * handler's connection gives it back when it closes. When no permit is free the acceptor still accepts, so the
 * client learns why: it writes the refusal ({@code ERROR :Closing Link: <ip> (Server full)} on the
 * IRC port, {@code 503} on the WebSocket port),
 * half-closes, and closes. To keep that line from being destroyed by a reset (closing a socket with
 * unread input sends RST), up to {@value #MAX_LINGERING_REFUSALS} refusals at a time linger on a
 * short-lived thread that reads until the peer closes or {@value #REFUSAL_LINGER_MILLIS} ms pass;
 * beyond that, refusals are done inline. A reservation held across a failed {@code accept()} is
 * kept for the next round and given back when the acceptor stops, so no path leaks a permit.
 *
 * <p>Out of descriptors: {@code accept()} failing with an {@link IOException} (EMFILE/ENFILE,
 * "Too many open files") does not end the loop: it backs off 10 ms, 20 ms ... up to 500 ms, logs
 * once per burst of failures (a burst ends after 10 s without one) and once on recovery (noticed
 * at the first accept after that), and keeps trying; existing connections are
 * served meanwhile by their own threads. The pending client stays in the kernel's backlog and is
 * accepted as soon as a descriptor is free.
 *
 * <p>Stops when the server socket is closed or the thread is interrupted; {@link #awaitStopped} tells
 * when the loop has ended (waiting for the thread itself to terminate can take seconds while
 * thousands of platform threads exit at once: the JVM ends threads one at a time). Thread-safety:
 * {@link #run} on one thread; the counters and {@link #awaitStopped} from any thread.
 */
final class Acceptor implements Runnable {
    /** Takes over an accepted socket and the connection permit that goes with it. */
    @FunctionalInterface
    interface Handler {
        /**
         * Starts serving {@code socket}. On a normal return the handler owns the socket and the permit
         * (and must release the permit when the connection closes); if it throws, the acceptor closes
         * the socket and releases the permit.
         */
        void open(Socket socket) throws IOException;
    }

    static final int MAX_LINGERING_REFUSALS = 16;
    static final int REFUSAL_LINGER_MILLIS = 2_000;
    static final long BACKOFF_INITIAL_MILLIS = 10;
    static final long BACKOFF_MAX_MILLIS = 500;
    /** Success for this long ends a burst of failures (and its "recovered" line is logged). */
    static final long QUIET_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());

    private final String label;
    private final ServerSocket server;
    private final Admission admission;
    /** This acceptor's reservation slot in {@link #admission}. */
    private final int index;
    private final Handler handler;
    private final Function<String, byte[]> refusal;
    private final ThreadFactory refusalThreads;
    private final Semaphore lingeringRefusals = new Semaphore(MAX_LINGERING_REFUSALS);
    /** Counted down once the accept loop has ended and its reservation is given back. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Guarded by confinement to the acceptor thread. */
    private final Backoff backoff = new Backoff(BACKOFF_INITIAL_MILLIS, BACKOFF_MAX_MILLIS);
    /** When the current burst's warning was logged; 0 when not in a burst. Acceptor thread only. */
    private long warnedAtNanos;
    /** When accept last failed. Acceptor thread only. */
    private long lastFailureNanos;
    /** Failed accepts since the current burst's warning. Acceptor thread only. */
    private long failuresSinceWarning;
    /** Written by the acceptor thread only. */
    private volatile long failedAccepts;
    /** Written by the acceptor thread only. */
    private volatile long refused;

    /**
     * @param label names the listener in logs, e.g. {@code irc}
     * @param server the bound listening socket; closing it stops this acceptor
     * @param admission connection permits shared with the server's other acceptors
     * @param index this acceptor's reservation slot in {@code admission}
     * @param handler serves accepted sockets that got a permit
     * @param refusal the bytes a refused peer address gets, e.g. {@code hub.closingLink(ip, "Server full")}
     *     for IRC, an HTTP 503 response for WebSocket
     * @param refusalThreads where lingering-refusal threads come from
     */
    Acceptor(String label, ServerSocket server, Admission admission, int index, Handler handler,
            Function<String, byte[]> refusal, ThreadFactory refusalThreads) {
        this.label = label;
        this.server = server;
        this.admission = admission;
        this.index = index;
        this.handler = handler;
        this.refusal = refusal;
        this.refusalThreads = refusalThreads;
    }

    @Override
    public void run() {
        try {
            while (!server.isClosed() && !Thread.currentThread().isInterrupted()) {
                admission.reserve(index);
                Socket socket;
                try {
                    socket = server.accept();
                } catch (IOException | RuntimeException | Error e) {
                    // EMFILE/ENFILE ("Too many open files") above all; anything else that is not
                    // the listener closing is treated the same way: wait a little and try again
                    if (server.isClosed()) {
                        break;
                    }
                    backOff(e);
                    continue;
                }
                recovered();
                if (admission.claim(index)) {
                    handOff(socket); // the permit travels with the socket from here on
                } else {
                    refuse(socket);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            admission.cancel(index);
            stopped.countDown();
        }
    }

    /**
     * Waits until the accept loop has ended: no socket is accepted or handed off after this returns
     * {@code true}.
     *
     * @return whether it ended within {@code nanos}
     */
    boolean awaitStopped(long nanos) throws InterruptedException {
        return stopped.await(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private void backOff(Throwable e) throws InterruptedException {
        failedAccepts++;
        if (backoff.failures() == 0) {
            long now = System.nanoTime();
            // a burst: failures with less than QUIET_NANOS of success in between. Near the limit
            // every closed connection lets one accept through before the next failure: that is
            // one burst, logged once, not a warning per client.
            if (warnedAtNanos == 0 || now - lastFailureNanos > QUIET_NANOS) {
                warnedAtNanos = now;
                failuresSinceWarning = 0;
                log(System.Logger.Level.WARNING,
                        "{0} accept failing ({1}); backing off up to {2} ms, existing clients still served",
                        label, e.toString(), BACKOFF_MAX_MILLIS);
            }
        }
        lastFailureNanos = System.nanoTime();
        failuresSinceWarning++;
        Thread.sleep(backoff.next());
    }

    private void recovered() {
        if (backoff.failures() > 0) {
            backoff.reset();
        }
        if (warnedAtNanos != 0 && System.nanoTime() - lastFailureNanos > QUIET_NANOS) {
            log(System.Logger.Level.INFO, "{0} accept recovered after {1} failed attempts", label,
                    failuresSinceWarning);
            warnedAtNanos = 0;
        }
    }

    /**
     * Logging is best effort here: out of descriptors, a logger that opens a file (the JDK's time
     * zone data, a log file) fails with an {@link Error}, and that must not end the accept loop.
     */
    private static void log(System.Logger.Level level, String format, Object... params) {
        try {
            LOG.log(level, format, params);
        } catch (RuntimeException | Error e) {
            // nothing sensible to do: keep accepting
        }
    }

    private void handOff(Socket socket) {
        try {
            handler.open(socket);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // OutOfMemoryError here is "unable to create native thread": refuse this one, keep serving
            log(System.Logger.Level.WARNING, "{0}: cannot serve {1}: {2}", label,
                    socket.getRemoteSocketAddress(), e.toString());
            closeQuietly(socket);
            admission.release();
        }
    }

    private void refuse(Socket socket) {
        refused++;
        byte[] line = refusal.apply(socket.getInetAddress().getHostAddress());
        if (lingeringRefusals.tryAcquire()) {
            try {
                Thread t = refusalThreads.newThread(() -> {
                    try {
                        refuseAndLinger(socket, line);
                    } finally {
                        lingeringRefusals.release();
                    }
                });
                t.setName("refuse-" + socket.getRemoteSocketAddress());
                t.start();
                return;
            } catch (RuntimeException | OutOfMemoryError e) {
                lingeringRefusals.release();
            }
        }
        refuseNow(socket, line);
    }

    /** Writes the line, half-closes and reads until the peer closes (bounded), then closes. */
    private static void refuseAndLinger(Socket socket, byte[] line) {
        try (socket) {
            socket.setSoTimeout(REFUSAL_LINGER_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(line);
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[256];
            while (in.read(sink) >= 0) {
                // discard whatever the refused client sends until it closes
            }
        } catch (SocketTimeoutException e) {
            // the peer kept the connection open: close anyway
        } catch (IOException e) {
            // the peer went away first: nothing to tell it
        }
    }

    /**
     * Writes the refusal and closes without waiting. A refusal of a few dozen bytes written to a fresh socket
     * fits its empty send buffer, so it does not block the acceptor.
     */
    private static void refuseNow(Socket socket, byte[] line) {
        try (socket) {
            socket.getOutputStream().write(line);
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            int unread = in.available();
            if (unread > 0) {
                in.skipNBytes(unread); // read what is there so close() sends FIN rather than RST
            }
        } catch (IOException e) {
            // best effort
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    /** {@code accept()} calls that failed (e.g. out of descriptors) since start. */
    long failedAccepts() {
        return failedAccepts;
    }

    /** Clients refused because every permit was taken. */
    long refused() {
        return refused;
    }
}
