package dev.chatscale.netty;

import dev.chatscale.cli.ChatServer;
import dev.chatscale.cli.ListenSettings;
import dev.chatscale.protocol.metrics.CounterMetrics;
import dev.chatscale.protocol.state.Hub;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The Netty chat server: one acceptor ("boss") event loop for both listeners and N worker event
 * loops (default: one per core) multiplexing every connection, on native epoll or NIO.
 *
 * <p>Per connection: one {@link IrcConnectionHandler} (TCP) or an HTTP-to-WebSocket pipeline ending
 * in a {@link WebSocketSessionHandler}, each owning its session; per event loop: one
 * {@link LoopState} with the timeout tick and the read scratch array. An idle connection holds no
 * read or write buffer and no timer.
 *
 * <p>Thread-safety: {@link #shutdown} may be called from any thread, once or more.
 */
public final class NettyChatServer implements ChatServer {
    /** Largest WebSocket frame and reassembled message (RFC 6455 close 1009 above it). */
    static final int MAX_WS_MESSAGE = 8 * 1024;
    /** The IRCv3 WebSocket subprotocols, picked in the client's order. */
    static final String SUBPROTOCOLS = "text.ircv3.net,binary.ircv3.net";
    static final String SHUTDOWN_REASON = "Server shutting down";
    /** Period of the stats line on stderr (printed only when a counter changed). */
    static final long STATS_SECONDS = 60;

    /** Below this many pending bytes a paused drain resumes; above the high mark it pauses. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(8 * 1024, 32 * 1024);
    /** Reads of at most 4 KiB (IRC lines are <= 512 bytes); a fixed size keeps the per-channel read handle smallest. */
    private static final FixedRecvByteBufAllocator RECV_ALLOCATOR =
            new FixedRecvByteBufAllocator(4096);

    private final String transport;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ServerContext context;
    private final Channel ircChannel;
    private final Channel wsChannel;
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** Guarded by the boss event loop (and tests): the last stats line printed. */
    private String lastStats = "";

    private NettyChatServer(String transport, EventLoopGroup boss, EventLoopGroup workers, ServerContext context,
            Channel ircChannel, Channel wsChannel) {
        this.transport = transport;
        this.boss = boss;
        this.workers = workers;
        this.context = context;
        this.ircChannel = ircChannel;
        this.wsChannel = wsChannel;
    }

    /** Starts the server with the real clock; returns once both listeners are bound. */
    public static NettyChatServer start(ListenSettings settings, NettyOptions options) throws Exception {
        return start(settings, options, System::currentTimeMillis);
    }

    /** Starts the server reading time from {@code clock} (epoch ms). */
    static NettyChatServer start(ListenSettings settings, NettyOptions options, LongSupplier clock) throws Exception {
        Transport.Resolved t = options.transport().resolve();
        // The JDK loads the time zone data (lib/tzdb.dat) on first use, e.g. for a log line's
        // timestamp; under EMFILE that load fails with an Error. Load it while descriptors are free.
        java.util.TimeZone.getDefault();
        java.time.ZonedDateTime.now(java.time.ZoneId.systemDefault());
        Hub hub = new Hub(settings.config(), clock.getAsLong(), new CounterMetrics());
        ServerContext context = new ServerContext(hub, clock);
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("netty-accept"), t.ioHandlerFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(options.workers(), new DefaultThreadFactory("netty-worker"), t.ioHandlerFactory());
        try {
            Channel irc = bootstrap(boss, workers, t, new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    context.track(ch);
                    // EOF reaches IrcConnectionHandler as an event, so the nick is released before the close
                    ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                    ch.pipeline().addLast("irc", new IrcConnectionHandler(context));
                }
            }).bind(settings.host(), settings.port()).sync().channel();
            Channel ws = null;
            if (settings.webSocketEnabled()) {
                ws = bootstrap(boss, workers, t, null).childHandler(webSocketInitializer(context, irc, settings))
                        .bind(settings.host(), settings.wsPort()).sync().channel();
            }
            NettyChatServer server = new NettyChatServer(t.name(), boss, workers, context, irc, ws);
            boss.scheduleAtFixedRate(() -> server.logStats(System.err), STATS_SECONDS, STATS_SECONDS, TimeUnit.SECONDS);
            return server;
        } catch (Exception | Error e) {
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    private static ServerBootstrap bootstrap(EventLoopGroup boss, EventLoopGroup workers, Transport.Resolved t,
            ChannelHandler childHandler) {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(t.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, RECV_ALLOCATOR)
                .handler(new AcceptBackoff()); // one per listener: EMFILE pauses accepts, see there
        if (childHandler != null) {
            b.childHandler(childHandler);
        }
        return b;
    }

    private static ChannelInitializer<Channel> webSocketInitializer(ServerContext context, Channel irc, ListenSettings settings) {
        WebSocketServerHandshakerFactory handshakers = new WebSocketServerHandshakerFactory(
                "ws://" + settings.host() + "/", SUBPROTOCOLS,
                WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(MAX_WS_MESSAGE) // larger frames: close 1009
                        .expectMaskedFrames(true) // unmasked client frames: close 1002
                        .allowMaskMismatch(false)
                        .allowExtensions(false)
                        .closeOnProtocolViolation(true)
                        .withUTF8Validator(false) // WebSocketSessionHandler checks whole messages (1007)
                        .build());
        InetSocketAddress ircAddress = (InetSocketAddress) irc.localAddress();
        String ircHostPort = ircAddress.getHostString() + ":" + ircAddress.getPort();
        return new ChannelInitializer<Channel>() {
            private volatile byte[] page;

            @Override
            protected void initChannel(Channel ch) {
                context.track(ch);
                byte[] p = page;
                if (p == null) {
                    InetSocketAddress local = (InetSocketAddress) ch.localAddress();
                    p = WebSocketPageHandler.pageText(context.config().serverName(), ircHostPort,
                            settings.host() + ":" + local.getPort());
                    page = p;
                }
                ch.pipeline()
                        .addLast("http", new HttpServerCodec(4096, 8192, 8192))
                        .addLast("http-aggregator", new HttpObjectAggregator(MAX_WS_MESSAGE))
                        .addLast("page", new WebSocketPageHandler(context, handshakers, p))
                        .addLast("session", new WebSocketSessionHandler(context));
            }
        };
    }

    @Override
    public InetSocketAddress ircAddress() {
        return (InetSocketAddress) ircChannel.localAddress();
    }

    @Override
    public InetSocketAddress wsAddress() {
        return wsChannel == null ? null : (InetSocketAddress) wsChannel.localAddress();
    }

    @Override
    public String transport() {
        return transport;
    }

    /** Connections admitted now (counted against maxConnections). */
    int connectionsInUse() {
        return context.limiter().inUse();
    }

    /** Connections open now (IRC and WebSocket, admitted or not). */
    int openChannels() {
        return context.openChannels();
    }

    /**
     * Stops accepting, asks every session to say goodbye on its own event loop
     * ({@code ERROR :Closing Link: <ip> (Server shutting down)}, flush, close; no QUIT to peers, who
     * are leaving too: {@code Hub.beginShutdown}), waits
     * for the closes for most of {@code timeout}, then stops the event loops.
     */
    @Override
    public void shutdown(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!stopped.compareAndSet(false, true)) {
            awaitTermination(deadline);
            return;
        }
        context.hub().beginShutdown();
        // reserve a quarter (at most 1 s) of the budget for stopping the event loops
        long reserve = Math.min(TimeUnit.SECONDS.toNanos(1), timeout.toNanos() / 4);
        ircChannel.close().awaitUninterruptibly(remainingMillis(deadline - reserve));
        if (wsChannel != null) {
            wsChannel.close().awaitUninterruptibly(remainingMillis(deadline - reserve));
        }
        for (LoopState loop : context.loops()) {
            try {
                loop.loop().execute(() -> loop.shutdownAll(SHUTDOWN_REASON));
            } catch (RejectedExecutionException e) {
                // already stopping
            }
        }
        while (context.openChannels() > 0 && System.nanoTime() < deadline - reserve) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long left = remainingMillis(deadline);
        workers.shutdownGracefully(0, left, TimeUnit.MILLISECONDS);
        boss.shutdownGracefully(0, left, TimeUnit.MILLISECONDS);
        awaitTermination(deadline);
    }

    /**
     * Prints {@code chatscale netty stats connections=.. opened=.. linesIn=.. linesOut=.. bytesIn=..
     * bytesOut=.. sendqDrops=..} to {@code out} if anything changed since the last line.
     */
    void logStats(java.io.PrintStream out) {
        String now = context.hub().metrics().toString();
        if (!now.equals(lastStats)) {
            lastStats = now;
            out.println("chatscale netty stats " + now);
            out.flush();
        }
    }

    private void awaitTermination(long deadline) {
        workers.terminationFuture().awaitUninterruptibly(remainingMillis(deadline));
        boss.terminationFuture().awaitUninterruptibly(remainingMillis(deadline));
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    @Override
    public String toString() {
        return "NettyChatServer[" + transport + " irc=" + ircAddress() + " ws=" + wsAddress() + "]";
    }
}
