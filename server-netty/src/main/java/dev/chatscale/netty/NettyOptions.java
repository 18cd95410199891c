package dev.chatscale.netty;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The Netty server's own command-line flags, added to the common ones of {@code ServerLauncher} as a
 * picocli mixin.
 *
 * <p>Mutable until parsed, then only read; not thread-safe during parsing.
 */
public final class NettyOptions {
    @Option(names = "--transport", paramLabel = "auto|epoll|nio", converter = TransportConverter.class,
            description = "Netty transport: epoll (native, Linux x86_64), nio, or auto = epoll when available, else nio (default: ${DEFAULT-VALUE}).",
            defaultValue = "auto")
    private Transport transport = Transport.AUTO;

    @Option(names = "--workers", paramLabel = "N",
            description = "Worker event-loop threads; 0 = number of cores (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    private int workers;

    public NettyOptions() {}

    public NettyOptions(Transport transport, int workers) {
        this.transport = transport;
        this.workers = workers;
    }

    public Transport transport() {
        return transport;
    }

    /** Worker event loops to run: the flag, or the number of cores when it is 0 or less. */
    public int workers() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    /** Converts {@code --transport} values case-insensitively. */
    public static final class TransportConverter implements ITypeConverter<Transport> {
        @Override
        public Transport convert(String value) {
            return Transport.parse(value);
        }
    }
}
