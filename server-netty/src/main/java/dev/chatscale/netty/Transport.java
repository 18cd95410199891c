package dev.chatscale.netty;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.Locale;

/**
 * Which Netty transport the server runs on: native {@code epoll} (Linux x86_64, from the
 * {@code netty-transport-native-epoll} jar), the portable JDK {@code nio} selector, or {@code auto}
 * (epoll when it loads, else NIO).
 *
 * <p>Immutable and thread-safe.
 */
public enum Transport {
    AUTO,
    EPOLL,
    NIO;

    /** The pieces a bootstrap needs for one transport. */
    public record Resolved(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel) {}

    /**
     * Picks the concrete transport.
     *
     * @throws IllegalStateException if {@link #EPOLL} was asked for and the native library does not load
     */
    public Resolved resolve() {
        return switch (this) {
            case NIO -> nio();
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("--transport epoll: native epoll is not available: "
                            + Epoll.unavailabilityCause());
                }
                yield epoll();
            }
            case AUTO -> Epoll.isAvailable() ? epoll() : nio();
        };
    }

    /** Parses {@code auto}, {@code epoll} or {@code nio}, ignoring case. */
    public static Transport parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "epoll" -> EPOLL;
            case "nio" -> NIO;
            default -> throw new IllegalArgumentException("transport must be auto, epoll or nio: " + value);
        };
    }

    private static Resolved epoll() {
        return new Resolved("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
    }

    private static Resolved nio() {
        return new Resolved("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }
}
