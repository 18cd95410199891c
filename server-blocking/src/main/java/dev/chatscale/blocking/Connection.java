package dev.chatscale.blocking;

import dev.chatscale.blocking.websocket.FrameReader;
import dev.chatscale.blocking.websocket.FrameWriter;
import dev.chatscale.blocking.websocket.HandshakeResult;
import dev.chatscale.blocking.websocket.WebSocketException;
import dev.chatscale.blocking.websocket.WebSocketHandshake;
import dev.chatscale.protocol.session.SendQueue;
import dev.chatscale.protocol.session.Session;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client connection of a blocking server: its socket, its {@link Session}, the lock that
 * confines the session, and the reader loop ({@link #run}) that is the connection's one permanent
 * thread. Plain IRC over TCP, or IRC over WebSocket (RFC 6455 handshake and frames from
 * {@code dev.chatscale.blocking.websocket}).
 *
 * <p>The reader blocks in {@code read} on a {@value #READ_BUFFER_BYTES}-byte array and feeds what
 * arrives to {@link Session#onBytes} under {@link #lock}; the sweeper calls
 * {@link Session#onTick} under the same lock (with {@code tryLock}, skipping a busy connection), so
 * the session sees one thread at a time with a happens-before edge between calls. The lock is never
 * held while blocking on the socket. When the read ends (EOF, error, or the socket closed by the
 * outbound side) the reader reports {@link Session#onDisconnect} with the reason, then closes the
 * outbound side gracefully and ends.
 *
 * <p>Memory: an idle connection is this object, its socket, the session, a {@link SocketOutbound}
 * with an empty {@link SendQueue}, a {@link ReentrantLock}, the read array and one parked thread. No
 * buffered reader (an {@code InputStreamReader} alone allocates an 8 KB byte buffer and a 16 KB char
 * buffer per connection), no per-connection timer, map or logger. A WebSocket connection adds a
 * {@link FrameWriter} and a {@link FrameReader} (a few dozen bytes between frames).
 *
 * <p>Thread-safety: {@link #run} on the reader thread; {@link #sweep} on the sweeper thread;
 * {@link #shutdown} on any thread. Every session call happens under {@link #lock}.
 */
final class Connection implements Runnable, Sweeper.Target, SocketOutbound.Owner {
    /**
     * The read array, sized for the common line rather than the maximal one: a typical chat line
     * ({@code PRIVMSG #channel :text} with a sentence of text) fits in 256 bytes and arrives in one
     * read; a maximal 512-byte line (PROTOCOL.md §1) takes two, and the session's framer keeps the
     * partial line in between. Every idle connection holds this array for its whole life (a 512-byte
     * array would cost 256 more bytes per client against a virtual-thread budget of about 3 KB
     * per idle client), while larger reads would only speed up clients that flood.
     */
    static final int READ_BUFFER_BYTES = 256;

    /** Upper bound on the WebSocket opening handshake (the registration timeout, if shorter). */
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    /** How long a closing connection may keep flushing before it is dropped. */
    static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private final BlockingChatServer server;
    private final Socket socket;
    /** The peer's IP literal; the same String the session shows as host. */
    private final String ip;
    /** {@code null} for plain IRC; the server's (shared) handshake for a WebSocket connection. */
    private final WebSocketHandshake webSocket;
    private final SocketOutbound out;
    /** Confines {@link #session}: held for every call into it. */
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Created by the reader thread when it starts ({@link #open}); {@code null} before. Guarded by
     * {@link #lock} (written under it; the sweeper and shutdown read it under it).
     */
    private Session session;

    /**
     * @param ip the peer's IP literal, {@code socket.getInetAddress().getHostAddress()}
     * @param webSocket {@code null} for plain IRC over TCP; for the WebSocket port, the handshake
     */
    Connection(BlockingChatServer server, Socket socket, String ip, WebSocketHandshake webSocket) {
        this.server = server;
        this.socket = socket;
        this.ip = ip;
        this.webSocket = webSocket;
        this.out = new SocketOutbound(socket, new SendQueue(server.config().maxSendQBytes()), server.shared(), this);
    }

    /** The name of this connection's threads: {@code conn-<ip>:<port>}. */
    @Override
    public String name() {
        return "conn-" + ip + ":" + socket.getPort();
    }

    /** The outbound side, what the session writes through. */
    SocketOutbound outbound() {
        return out;
    }

    /** The reader loop; see the class comment. */
    @Override
    public void run() {
        String reason;
        try {
            InputStream in = socket.getInputStream();
            if (webSocket != null) {
                readFrames(in);
            } else {
                // kept inline (not in a method of its own): one frame less on every parked stack
                byte[] buf = new byte[READ_BUFFER_BYTES];
                open();
                int n;
                // read(buf, off, len) rather than read(buf): one frame less on every parked stack
                while ((n = in.read(buf, 0, READ_BUFFER_BYTES)) >= 0 && !out.isClosing()) {
                    server.metrics().bytesIn(n);
                    lock.lock();
                    try {
                        session.onBytes(buf, 0, n, server.now());
                    } finally {
                        lock.unlock();
                    }
                }
            }
            reason = Session.REMOTE_CLOSED;
        } catch (WebSocketException e) {
            reason = "WebSocket error: " + e.getMessage(); // the close frame is already sent
        } catch (IOException e) {
            reason = "Read error: " + e.getMessage();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "session failed on " + Thread.currentThread().getName(), e);
            reason = "Internal error";
        }
        String dropped = out.dropReason();
        disconnect(dropped != null ? dropped : reason);
        out.close();
    }

    /**
     * WebSocket (PROTOCOL.md §8): the HTTP upgrade, bounded in time; then one IRC line per data
     * message until the peer closes. The session exists only once the upgrade succeeded, so its
     * registration timer starts then; a request that is not an upgrade gets its HTTP answer and
     * the connection ends without a session.
     */
    private void readFrames(InputStream in) throws IOException {
        long timeout = Math.clamp(server.config().registrationTimeout().toMillis(), 1_000L, HANDSHAKE_TIMEOUT_MILLIS);
        socket.setSoTimeout((int) timeout);
        HandshakeResult handshake = webSocket.accept(in, socket.getOutputStream(), server::now, server.now() + timeout);
        if (!handshake.upgraded()) {
            return;
        }
        socket.setSoTimeout(0);
        FrameWriter frames = new FrameWriter(socket.getOutputStream());
        out.useFrames(new SocketOutbound.Frames(frames, handshake.frameType()));
        open();
        FrameReader reader = new FrameReader(handshake.input(), frames, this::onMessage);
        while (reader.readMessage() && !out.isClosing()) {
            // each message went to onMessage
        }
    }

    /** One WebSocket data message = one IRC line. */
    private void onMessage(byte[] buf, int off, int len) {
        server.metrics().bytesIn(len);
        lock.lock();
        try {
            session.onMessage(buf, off, len, server.now());
        } finally {
            lock.unlock();
        }
    }

    /** Opens the session (its registration timer starts now); on the reader thread, first thing. */
    private void open() {
        lock.lock();
        try {
            session = server.hub().connect(ip, out, server.now());
            if (server.isStopping()) {
                session.shutdown(BlockingChatServer.SHUTDOWN_REASON, server.now()); // missed the shutdown sweep
            }
        } finally {
            lock.unlock();
        }
    }

    private void disconnect(String reason) {
        lock.lock();
        try {
            if (session != null) {
                session.onDisconnect(reason, server.now());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "onDisconnect failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** Timeouts, from the sweeper: skips a busy session rather than waiting for it. */
    @Override
    public void sweep(long nowMillis, long nowNanos) {
        if (out.expireClose(nowNanos, CLOSE_GRACE_NANOS) || out.isClosed()) {
            return;
        }
        if (lock.tryLock()) {
            try {
                if (session != null) {
                    session.onTick(nowMillis);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Server shutdown: {@link Session#shutdown} (ERROR line, flush and close), waiting
     * for the lock at most until {@code deadlineNanos}; a connection whose lock cannot be had by then
     * is dropped without the ERROR line.
     *
     * <p>A plain IRC connection whose reader has not opened its session yet (accepted, its reader
     * queued on a starter) is left alone: its reader's {@link #open} sees the server stopping
     * and shuts the new session down itself, so that client too gets the ERROR line; the server
     * drops it at its deadline if the reader never runs. A WebSocket connection still in its HTTP
     * handshake has no IRC session to tell and is closed now.
     */
    void shutdown(String reason, long deadlineNanos) throws InterruptedException {
        if (lock.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            try {
                if (session == null && webSocket == null) {
                    return; // open() will do it, under this lock, as it sees server.isStopping()
                }
                if (session != null) {
                    session.shutdown(reason, server.now());
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "shutdown failed", e);
            } finally {
                lock.unlock();
            }
            out.close(); // normally already done by the session; guarantees the socket closes
        } else {
            out.drop(reason);
        }
    }

    /** Closes the socket now (a connection that could not be served, or a shutdown past its deadline). */
    void abort(String reason) {
        out.drop(reason);
    }

    /** From the outbound side, once, when the session is over: frees the connection permit. */
    @Override
    public void closing() {
        server.connectionClosing(this);
    }

    /** From the outbound side, once, after the socket closed: the sweeper forgets this connection. */
    @Override
    public void closed() {
        server.connectionClosed(this);
    }

    @Override
    public String toString() {
        return "Connection[" + socket.getRemoteSocketAddress() + "]";
    }
}
