package dev.chatscale.netty;

import dev.chatscale.protocol.config.ServerConfig;
import dev.chatscale.protocol.state.Hub;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * What every connection handler of one server shares: the hub, the clock, the connection limit,
 * the per-event-loop {@link LoopState}s and a count of open channels (for shutdown).
 *
 * <p>Thread-safe: the loop map is concurrent and each {@link LoopState} is created once per loop,
 * then used only on that loop.
 */
final class ServerContext {
    /** Longest tick period; shorter when the configured timeouts are short (tests use ~1 s) or flood control is on. */
    static final long MAX_TICK_MILLIS = 1000;
    static final long MIN_TICK_MILLIS = 25;

    private final Hub hub;
    private final LongSupplier clock;
    private final ConnectionLimiter limiter;
    private final long tickMillis;
    private final OutboundSettings outboundSettings;
    private final ConcurrentHashMap<EventLoop, LoopState> loops = new ConcurrentHashMap<>();
    private final AtomicInteger openChannels = new AtomicInteger();
    /** One listener instance shared by every channel's close future. */
    private final ChannelFutureListener onClose = f -> openChannels.decrementAndGet();

    ServerContext(Hub hub, LongSupplier clock) {
        this.hub = hub;
        this.clock = clock;
        ServerConfig c = hub.config();
        this.limiter = new ConnectionLimiter(c.maxConnections());
        this.tickMillis = tickMillis(c);
        this.outboundSettings = OutboundSettings.of(hub);
    }

    /** {@link ServerConfig#tickMillis()}, between {@value #MIN_TICK_MILLIS} and {@value #MAX_TICK_MILLIS} ms. */
    static long tickMillis(ServerConfig c) {
        return Math.clamp(c.tickMillis(), MIN_TICK_MILLIS, MAX_TICK_MILLIS);
    }

    Hub hub() {
        return hub;
    }

    ServerConfig config() {
        return hub.config();
    }

    long now() {
        return clock.getAsLong();
    }

    OutboundSettings outboundSettings() {
        return outboundSettings;
    }

    ConnectionLimiter limiter() {
        return limiter;
    }

    long tickMillis() {
        return tickMillis;
    }

    /** The state of {@code loop}, created (and its ticker started) on first use. */
    LoopState loop(EventLoop loop) {
        LoopState s = loops.get(loop);
        if (s != null) {
            return s;
        }
        return loops.computeIfAbsent(loop, l -> {
            LoopState created = new LoopState(l, clock);
            created.startTicking(tickMillis);
            return created;
        });
    }

    Collection<LoopState> loops() {
        return loops.values();
    }

    /** Counts {@code ch} as open until its close future completes. */
    void track(Channel ch) {
        openChannels.incrementAndGet();
        ch.closeFuture().addListener(onClose);
    }

    int openChannels() {
        return openChannels.get();
    }

    /** The peer's IP literal, e.g. {@code 127.0.0.1}; {@code "unknown"} if the channel has none. */
    static String peerIp(Channel channel) {
        SocketAddress a = channel.remoteAddress();
        if (a instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return "unknown";
    }
}
