package dev.chatscale.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One benchmark figure next to its target (issue 6): met, missed, or not measured. Immutable.
 *
 * @param server server name
 * @param what what is compared
 * @param value the measured figure ({@code NaN} when not measured)
 * @param limit the target (value must be &lt;= limit)
 * @param unit unit of value and limit ("B" or "µs")
 */
public record TargetCheck(String server, String what, double value, double limit, String unit) {
    /** Idle-client memory targets in bytes per server model. */
    static final Map<String, Double> MEMORY_LIMITS = Map.of("netty", 1.5 * 1024, "virtual", 3.0 * 1024,
            "threaded", 20.0 * 1024);
    /** Probe RTT p99 target (µs) for these servers. */
    static final List<String> RTT_SERVERS = List.of("netty", "virtual");
    static final double RTT_P99_LIMIT_US = 2_000;
    static final double FANOUT_ALL_LIMIT_US = 5_000;
    /** SIGTERM to exit 0 (issue 7), in µs. */
    static final double SIGTERM_EXIT_LIMIT_US = 5_000_000;

    public boolean measured() {
        return !Double.isNaN(value);
    }

    public boolean met() {
        return measured() && value <= limit;
    }

    /** "met", "MISSED" or "not measured". */
    public String verdict() {
        return !measured() ? "not measured" : met() ? "met" : "MISSED";
    }

    /** The checks that apply to one server's figures. */
    public static List<TargetCheck> evaluate(ServerFigures f) {
        List<TargetCheck> out = new ArrayList<>();
        Double mem = MEMORY_LIMITS.get(f.name());
        if (mem != null) {
            out.add(new TargetCheck(f.name(), "RSS growth per idle WebSocket client (heap pre-touched)", f.wsRssBytes(),
                    mem, "B"));
            out.add(new TargetCheck(f.name(), "RSS + live-heap growth per idle WebSocket client", f.wsFootprintBytes(),
                    mem, "B"));
        }
        if (RTT_SERVERS.contains(f.name())) {
            out.add(new TargetCheck(f.name(), "PING round trip p99 with " + f.wsClients() + " idle",
                    f.ping().count() == 0 ? Double.NaN : f.ping().p99Micros(), RTT_P99_LIMIT_US, "µs"));
            out.add(new TargetCheck(f.name(), "PRIVMSG-to-self round trip p99 with " + f.wsClients() + " idle",
                    f.privmsg().count() == 0 ? Double.NaN : f.privmsg().p99Micros(), RTT_P99_LIMIT_US, "µs"));
        }
        if (MEMORY_LIMITS.containsKey(f.name()) || f.fanoutAll().count() > 0) {
            out.add(new TargetCheck(f.name(), "fan-out to " + f.fanoutMembers() + " members, all delivered, p99 of repeats",
                    f.fanoutAll().count() == 0 ? Double.NaN : f.fanoutAll().p99Micros(), FANOUT_ALL_LIMIT_US, "µs"));
        }
        if (MEMORY_LIMITS.containsKey(f.name()) || !Double.isNaN(f.sigtermExitMicros())) {
            out.add(new TargetCheck(f.name(), "SIGTERM to exit 0, sent as " + f.tcpClients() + " TCP clients leave",
                    f.sigtermExitMicros(), SIGTERM_EXIT_LIMIT_US, "µs"));
        }
        return out;
    }
}
