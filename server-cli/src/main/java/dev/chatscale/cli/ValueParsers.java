package dev.chatscale.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for the human-friendly values of the command line: durations such as
 * {@code 90s}, {@code 1500ms}, {@code 2m} or a bare number of seconds, and byte sizes such as
 * {@code 512k}, {@code 1m} or a bare number of bytes. Stateless and thread-safe.
 */
final class ValueParsers {
    private ValueParsers() {}

    /** {@code 250ms}, {@code 90s}, {@code 2m}, {@code 1h}, or whole seconds. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                if (v.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                if (v.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                if (v.endsWith("h")) {
                    return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (examples: 90s, 1500ms, 2m)");
            }
        }
    }

    /** {@code 512k}, {@code 1m}, or a number of bytes; at most 2 GiB - 1. */
    static final class SizeConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            long unit = 1;
            if (v.endsWith("k") || v.endsWith("m") || v.endsWith("g")) {
                unit = switch (v.charAt(v.length() - 1)) {
                    case 'k' -> 1024L;
                    case 'm' -> 1024L * 1024;
                    default -> 1024L * 1024 * 1024;
                };
                v = v.substring(0, v.length() - 1);
            }
            try {
                long bytes = Math.multiplyExact(Long.parseLong(v), unit);
                if (bytes < 0 || bytes > Integer.MAX_VALUE) {
                    throw new TypeConversionException("'" + value + "' is out of range (0 to 2 GiB - 1)");
                }
                return (int) bytes;
            } catch (NumberFormatException | ArithmeticException e) {
                throw new TypeConversionException("'" + value + "' is not a size (examples: 512k, 1m, 65536)");
            }
        }
    }
}
