package dev.chatscale.blocking;

import dev.chatscale.blocking.websocket.WebSocketHandshake;
import dev.chatscale.cli.ChatServer;
import dev.chatscale.cli.ListenSettings;
import dev.chatscale.protocol.config.ServerConfig;
import dev.chatscale.protocol.metrics.CounterMetrics;
import dev.chatscale.protocol.metrics.Metrics;
import dev.chatscale.protocol.state.Hub;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The blocking-socket chat server: one thread per connection from a {@link ThreadFactory} given at
 * start. With {@code Thread.ofPlatform()} it is {@code server-threaded}, with
 * {@code Thread.ofVirtual()} it is {@code server-virtual}; nothing else differs, except what the
 * kind of thread itself asks for: platform threads are recycled ({@link RecycledThreads}), and
 * started off the threads that need them (the starters, below), virtual ones are made fresh for
 * every task ({@link ConnectionThreads#fresh}).
 *
 * <p>Threads:
 * <ul>
 *   <li>one acceptor per listening socket (IRC, and WebSocket when enabled), a platform thread
 *       ({@link Acceptor}), both sharing one pool of connection permits ({@link Admission}): a permit reserved before
 *       {@code accept()}, "Server full" refusals, back-off when out of descriptors;
 *   <li>{@value #STARTERS} starters, platform threads that start each accepted connection's reader,
 *       so that the acceptor is back in {@code accept()} at once: starting a platform thread waits
 *       until the new thread has been scheduled, which takes milliseconds on a busy machine, and a
 *       lone acceptor doing it in turn fell behind a 500/s ramp (the kernel's backlog overflowed: 70
 *       of 10,000 benchmark clients timed out connecting; with starters, none). With platform
 *       threads they also start writers, for the same reason (see {@link SocketOutbound.Shared});
 *   <li>per connection, a reader from the factory, named {@code conn-<ip>:<port>}, for the
 *       connection's whole life ({@link Connection}), plus a writer from the same factory only while
 *       output is pending ({@link SocketOutbound}); an idle client costs exactly one thread;
 *   <li>for platform threads, connection threads whose task ended wait idle for the next one, and
 *       one retirer, a platform thread, ends those idle for long, paced ({@link RecycledThreads}):
 *       when thousands of clients leave at once, their threads are not ended all together;
 *   <li>one sweeper, a platform thread ({@link Sweeper}), that ticks every session for registration
 *       and ping timeouts.
 * </ul>
 * No {@code synchronized} anywhere: a virtual thread blocking inside one would pin its carrier.
 *
 * <p>Limits: {@code config.maxConnections()} connections at once (more are refused with
 * {@code ERROR :Closing Link: <ip> (Server full)}); each connection's unwritten output is bounded by
 * {@code config.maxSendQBytes()}.
 *
 * <p>Thread-safety: all public methods may be called from any thread; {@link #shutdown} is
 * idempotent.
 */
public final class BlockingChatServer implements ChatServer {
    /** Listen backlog; the kernel caps it at {@code net.core.somaxconn} (4096 on the bench machine). */
    static final int BACKLOG = 4_096;
    static final String SHUTDOWN_REASON = "Server shutting down";
    /** Platform threads that start connection threads (see the class comment). */
    static final int STARTERS = 3;
    /**
     * How long a connection's writer thread waits for more output before it ends (see
     * {@link SocketOutbound}): long enough to catch the next JOIN of a room that is filling up or
     * the next line of a conversation, short enough that idle connections soon own only their reader.
     */
    static final long WRITER_LINGER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    /** The name of the one short-lived thread the server makes at start (see prepareForDescriptorExhaustion). */
    static final String WARM_UP_THREAD = "conn-warm-up";
    /** What a WebSocket client gets when every connection permit is taken. */
    private static final byte[] SERVER_FULL_HTTP = ("HTTP/1.1 503 Service Unavailable\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 13\r\nConnection: close\r\n\r\n"
            + "Server full\r\n").getBytes(StandardCharsets.US_ASCII);

    private static final System.Logger LOG = System.getLogger(BlockingChatServer.class.getName());

    private final ServerConfig config;
    private final Hub hub;
    private final ThreadFactory threads;
    /** Where readers and writers run: {@link #recycled} for platform threads, fresh virtual ones otherwise. */
    private final ConnectionThreads connectionThreads;
    /**
     * For platform threads, one pool for readers and writers alike (when a crowd leaves, the
     * threads of its readers write its QUITs) and the thread that retires idle ones; both
     * {@code null} for virtual threads.
     */
    private final RecycledThreads recycled;
    private final Thread retirerThread;
    private final LongSupplier clock;
    private final String transport;
    private final SocketOutbound.Shared shared;
    private final Admission admission;
    /** Every connection between accept and socket close; the sweeper iterates it. */
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ServerSocket ircSocket;
    private final InetSocketAddress ircAddress;
    private final Acceptor ircAcceptor;
    private final Thread ircAcceptorThread;
    /** The WebSocket listener, its address, handshake and acceptor; all {@code null} without WebSocket. */
    private final ServerSocket wsSocket;
    private final InetSocketAddress wsAddress;
    private final WebSocketHandshake wsHandshake;
    private final Acceptor wsAcceptor;
    private final Thread wsAcceptorThread;
    /**
     * Starts readers off the acceptor threads and, for platform threads, writers off the threads
     * that offer them output; its threads start on first use. Its queue holds at most one reader
     * start and one writer start per connection.
     */
    private final ExecutorService starters = Executors.newFixedThreadPool(STARTERS,
            Thread.ofPlatform().name("starter-", 0).daemon(true).factory());
    private final Sweeper sweeper;
    private final Thread sweeperThread;

    private BlockingChatServer(ListenSettings settings, ThreadFactory threads, LongSupplier clock) throws IOException {
        this.config = settings.config();
        this.threads = threads;
        this.clock = clock;
        boolean virtual = threads.newThread(() -> {}).isVirtual();
        this.transport = virtual ? "virtual-threads" : "platform-threads";
        this.hub = new Hub(config, clock.getAsLong(), new CounterMetrics());
        // a virtual thread start is a queued task: the offering thread does it; a platform one
        // waits to be scheduled, so the starters do it (see SocketOutbound.Shared)
        if (virtual) {
            this.recycled = null;
            this.retirerThread = null;
            this.connectionThreads = ConnectionThreads.fresh(threads);
        } else {
            this.recycled = new RecycledThreads(threads);
            this.retirerThread = Thread.ofPlatform().name("thread-retirer").daemon(true).unstarted(recycled::runRetirer);
            this.connectionThreads = recycled;
        }
        this.shared = new SocketOutbound.Shared(connectionThreads, hub.metrics(), WRITER_LINGER_NANOS, stopping,
                virtual ? Runnable::run : starters);
        this.admission = new Admission(config.maxConnections(), settings.webSocketEnabled() ? 2 : 1);
        this.ircSocket = bind(settings.host(), settings.port());
        this.ircAddress = new InetSocketAddress(ircSocket.getInetAddress(), ircSocket.getLocalPort());
        this.ircAcceptor = new Acceptor("irc", ircSocket, admission, 0, socket -> open(socket, null),
                ip -> hub.closingLink(ip, "Server full").array(), threads);
        this.ircAcceptorThread = Thread.ofPlatform().name("acceptor-irc").daemon(true).unstarted(ircAcceptor);
        if (settings.webSocketEnabled()) {
            try {
                this.wsSocket = bind(settings.host(), settings.wsPort());
            } catch (IOException | RuntimeException e) {
                ircSocket.close();
                throw e;
            }
            this.wsAddress = new InetSocketAddress(wsSocket.getInetAddress(), wsSocket.getLocalPort());
            this.wsHandshake = new WebSocketHandshake(ircAddress.getPort());
            this.wsAcceptor = new Acceptor("ws", wsSocket, admission, 1, socket -> open(socket, wsHandshake),
                    ip -> SERVER_FULL_HTTP, threads);
            this.wsAcceptorThread = Thread.ofPlatform().name("acceptor-ws").daemon(true).unstarted(wsAcceptor);
        } else {
            this.wsSocket = null;
            this.wsAddress = null;
            this.wsHandshake = null;
            this.wsAcceptor = null;
            this.wsAcceptorThread = null;
        }
        this.sweeper = new Sweeper(connections, Sweeper.periodFor(config), clock);
        this.sweeperThread = Thread.ofPlatform().name("sweeper").daemon(true).unstarted(sweeper);
    }

    /**
     * Binds the listener(s) of {@code settings} and starts serving.
     *
     * @param settings where to listen, and the chat configuration
     * @param connectionThreads makes every connection's reader and writer threads (platform or
     *     virtual); the server names each thread after its connection
     * @throws IOException if a port cannot be bound (a {@link java.net.BindException} when taken)
     */
    public static BlockingChatServer start(ListenSettings settings, ThreadFactory connectionThreads) throws IOException {
        return start(settings, connectionThreads, System::currentTimeMillis);
    }

    /** {@link #start(ListenSettings, ThreadFactory)} with a given epoch-millis clock (tests). */
    static BlockingChatServer start(ListenSettings settings, ThreadFactory connectionThreads, LongSupplier clock)
            throws IOException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(connectionThreads, "connectionThreads");
        prepareForDescriptorExhaustion(connectionThreads);
        BlockingChatServer server = new BlockingChatServer(settings, connectionThreads, clock);
        server.ircAcceptorThread.start();
        if (server.wsAcceptorThread != null) {
            server.wsAcceptorThread.start();
        }
        server.sweeperThread.start();
        if (server.retirerThread != null) {
            server.retirerThread.start();
        }
        return server;
    }

    /**
     * Does, while descriptors are still free, the JDK's lazy one-time work that needs a descriptor,
     * so that running out of them later (EMFILE) costs new clients only, never the server:
     * <ul>
     *   <li>the time zone data ({@code lib/tzdb.dat}) that logging opens to format its first
     *       record's time: failing, it throws an {@link Error} from the logging call;
     *   <li>for virtual threads, the poller that parks a blocking socket read: its class is
     *       initialised by the first read that has to wait, and if {@code epoll_create} fails then
     *       the class stays broken and every later read of every connection fails. One read that
     *       times out, on a thread from the connection factory, initialises it now. For platform
     *       threads the same read simply blocks in the kernel and initialises nothing.
     * </ul>
     */
    private static void prepareForDescriptorExhaustion(ThreadFactory connectionThreads) throws IOException {
        java.time.ZonedDateTime.now(java.time.ZoneId.systemDefault());
        java.util.TimeZone.getDefault();
        java.net.InetAddress loopback = java.net.InetAddress.getLoopbackAddress();
        try (ServerSocket listener = new ServerSocket(0, 1, loopback);
                Socket client = new Socket(loopback, listener.getLocalPort());
                Socket accepted = listener.accept()) {
            Thread reader = connectionThreads.newThread(() -> {
                try {
                    accepted.setSoTimeout(1);
                    accepted.getInputStream().read(); // nothing comes: waits 1 ms, then times out
                } catch (IOException expected) {
                    // SocketTimeoutException: the wait happened
                }
            });
            reader.setName(WARM_UP_THREAD);
            reader.start();
            reader.join();
            client.shutdownOutput();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ServerSocket bind(String host, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port), BACKLOG);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Serves an accepted socket that holds a permit (see {@link Acceptor.Handler}): plain IRC, or
     * WebSocket when {@code webSocket} is the handshake.
     */
    private void open(Socket socket, WebSocketHandshake webSocket) throws IOException {
        // chat lines are small and the writer batches what is queued; WebSocket frames go out as
        // header + payload writes, which Nagle's algorithm would hold back
        socket.setTcpNoDelay(true);
        Connection connection = new Connection(this, socket, socket.getInetAddress().getHostAddress(), webSocket);
        // from here the connection owns the permit: connectionClosing gives it back, exactly once
        connections.add(connection);
        if (connection.outbound().isClosed()) {
            connections.remove(connection); // closed before it was registered (not expected: no session yet)
        }
        try {
            starters.execute(() -> startReader(connection));
        } catch (RejectedExecutionException e) {
            connection.abort(SHUTDOWN_REASON); // accepted while the server stopped
        }
    }

    /** On a starter: starts the connection's reader, or gives the connection up. */
    private void startReader(Connection connection) {
        try {
            connectionThreads.start(connection.name(), connection);
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.log(System.Logger.Level.WARNING, "cannot start a reader for " + connection.name() + ": " + e);
            connection.abort("Server out of threads");
        }
    }

    /**
     * From a connection whose session is over (once): its permit serves the next client at once,
     * while the socket may still be flushing its last lines (for at most the close grace).
     */
    void connectionClosing(Connection connection) {
        admission.release();
    }

    /** From a connection whose socket closed (once): the sweeper and shutdown forget it. */
    void connectionClosed(Connection connection) {
        connections.remove(connection);
    }

    @Override
    public InetSocketAddress ircAddress() {
        return ircAddress;
    }

    @Override
    public InetSocketAddress wsAddress() {
        return wsAddress;
    }

    @Override
    public String transport() {
        return transport;
    }

    /**
     * Stops accepting; every session is shut down ({@code ERROR :Closing Link: <ip> (Server shutting
     * down)}, flush and close; no QUIT to peers, who are leaving too: {@link Hub#beginShutdown});
     * connections still open near the deadline are dropped.
     * Returns within about {@code timeout}. Idempotent.
     */
    @Override
    public void shutdown(Duration timeout) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        hub.beginShutdown();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        // keep a tenth of the budget (at most 200 ms) for dropping what did not close in time
        long flushDeadline = deadline - Math.min(timeout.toNanos() / 10, TimeUnit.MILLISECONDS.toNanos(200));
        closeQuietly(ircSocket);
        if (wsSocket != null) {
            closeQuietly(wsSocket);
        }
        // the loops, not their threads: a platform thread's end can wait seconds behind others'
        awaitStopped(ircAcceptor::awaitStopped, flushDeadline);
        if (wsAcceptor != null) {
            awaitStopped(wsAcceptor::awaitStopped, flushDeadline);
        }
        starters.shutdown(); // what is queued still starts, and is then shut down below
        for (Connection connection : connections) {
            shutdownConnection(connection, flushDeadline);
        }
        while (!connections.isEmpty() && System.nanoTime() < flushDeadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Connection connection : connections) {
            connection.abort(SHUTDOWN_REASON);
        }
        sweeperThread.interrupt();
        awaitStopped(sweeper::awaitStopped, deadline);
        if (recycled != null) {
            recycled.close(); // idle threads end, paced, after this returns
        }
    }

    private void shutdownConnection(Connection connection, long deadlineNanos) {
        try {
            connection.shutdown(SHUTDOWN_REASON, deadlineNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.abort(SHUTDOWN_REASON);
        }
    }

    /** What {@link Acceptor#awaitStopped} and {@link Sweeper#awaitStopped} are. */
    @FunctionalInterface
    private interface Stoppable {
        boolean awaitStopped(long nanos) throws InterruptedException;
    }

    private static void awaitStopped(Stoppable loop, long deadlineNanos) {
        try {
            loop.awaitStopped(Math.max(0, deadlineNanos - System.nanoTime()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a listener we are abandoning
        }
    }

    ServerConfig config() {
        return config;
    }

    Hub hub() {
        return hub;
    }

    boolean isStopping() {
        return stopping.get();
    }

    Metrics metrics() {
        return hub.metrics();
    }

    SocketOutbound.Shared shared() {
        return shared;
    }

    long now() {
        return clock.getAsLong();
    }

    /** Connections between accept and socket close. */
    int openConnections() {
        return connections.size();
    }

    /** Permits neither reserved by an acceptor nor owned by a connection. */
    int freePermits() {
        return admission.available();
    }

    Acceptor ircAcceptor() {
        return ircAcceptor;
    }
}
