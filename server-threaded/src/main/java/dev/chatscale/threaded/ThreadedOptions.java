package dev.chatscale.threaded;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The flag only {@code server-threaded} has: the stack size of each connection thread.
 *
 * <p>Why {@value #DEFAULT_STACK_SIZE_TEXT}: a platform thread's stack is reserved whole (address
 * space, the "reserved" column of NMT) but committed page by page as it is touched, so the size caps
 * how deep a connection's call path may go rather than what an idle thread costs. Measured with 2,000
 * idle clients: committed stack is ~71 KB per thread at 256k, 512k and 1m alike, because HotSpot
 * touches its 20-page (80 KB) shadow zone whenever a thread enters Java, whatever the stack size.
 * The deepest path here (a reader in {@code Session.onBytes} → command handler → channel fan-out
 * → {@code Outbound.offer} → starting a writer thread, plus socket, logging and exception frames)
 * passes the whole conformance suite at HotSpot's minimum (136k on x86-64 Linux, ~40 KB usable above
 * the guard and shadow zones). 256k leaves four times that and reserves a quarter of the JDK's 1m
 * default (18,000 threads: 4.5 GB of address space instead of 18 GB). HotSpot raises anything below
 * its minimum to the minimum. Details: server-threaded/README.md.
 *
 * <p>Not thread-safe: filled by picocli on the main thread before the server starts.
 */
public final class ThreadedOptions {
    static final String DEFAULT_STACK_SIZE_TEXT = "256k";
    static final long DEFAULT_STACK_SIZE = 256 * 1024;

    @Option(names = "--thread-stack-size", paramLabel = "SIZE", converter = StackSizeConverter.class,
            description = "Stack size of each connection thread, e.g. 256k or 1m (default: "
                    + DEFAULT_STACK_SIZE_TEXT + ").")
    long stackSizeBytes = DEFAULT_STACK_SIZE;

    /** The stack size for connection threads, in bytes. */
    public long stackSizeBytes() {
        return stackSizeBytes;
    }

    /** {@code 256k}, {@code 1m} or a number of bytes, at least 64k and at most 1g. */
    static final class StackSizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            long unit = 1;
            if (!v.isEmpty() && "kmg".indexOf(v.charAt(v.length() - 1)) >= 0) {
                unit = 1L << (10 * ("kmg".indexOf(v.charAt(v.length() - 1)) + 1));
                v = v.substring(0, v.length() - 1);
            }
            long bytes;
            try {
                bytes = Math.multiplyExact(Long.parseLong(v), unit);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new TypeConversionException("'" + value + "' is not a size (examples: 256k, 1m)");
            }
            if (bytes < 64 * 1024 || bytes > 1024L * 1024 * 1024) {
                throw new TypeConversionException("'" + value + "' is out of range (64k to 1g)");
            }
            return bytes;
        }
    }
}
