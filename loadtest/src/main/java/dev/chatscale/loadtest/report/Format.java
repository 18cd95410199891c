package dev.chatscale.loadtest.report;

import java.util.Locale;

/** Human formatting of the report's figures; "n/a" for what was not measured. Stateless. */
public final class Format {
    private Format() {}

    /** Bytes: {@code 845 B}, {@code 1.46 KB}, {@code 12.3 MB}. */
    public static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "n/a";
        }
        double a = Math.abs(b);
        if (a < 1024) {
            return String.format(Locale.ROOT, "%.0f B", b);
        }
        if (a < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.2f KB", b / 1024);
        }
        return String.format(Locale.ROOT, "%.1f MB", b / (1024 * 1024));
    }

    /** Microseconds: {@code 845 µs}, {@code 1.23 ms}, {@code 2.5 s}. */
    public static String micros(double us) {
        if (Double.isNaN(us)) {
            return "n/a";
        }
        if (Double.isInfinite(us)) {
            return "never";
        }
        if (us < 1000) {
            return String.format(Locale.ROOT, "%.0f µs", us);
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", us / 1000);
        }
        return String.format(Locale.ROOT, "%.1f s", us / 1_000_000);
    }

    /** A plain number with up to 2 decimals. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** A value in its unit ("B" or "µs"). */
    public static String value(double v, String unit) {
        return "B".equals(unit) ? bytes(v) : "µs".equals(unit) ? micros(v) : number(v) + " " + unit;
    }

    /** Escapes text for HTML. */
    public static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
