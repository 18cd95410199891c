package dev.chatscale.loadtest.report;

import dev.chatscale.loadtest.stats.LatencySummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The comparison table printed at the end of a run (and embedded in report.md): one row per
 * server, then every target check. Plain text, fixed-width columns. Stateless.
 */
public final class ComparisonTable {
    private ComparisonTable() {}

    static final List<String> HEADER = List.of("server", "transport", "WS idle", "RSS Δ/client", "heap Δ/client",
            "total/client", "threads (0 → N)", "TCP total/client", "PING p50 / p99", "PRIVMSG p50 / p99",
            "fan-out p50 / p99 / max", "all delivered p50 / max", "status");

    /** The rows of the table (without header). */
    static List<List<String>> rows(List<ServerFigures> figures) {
        List<List<String>> rows = new ArrayList<>();
        for (ServerFigures f : figures) {
            rows.add(List.of(f.name(), f.transport(), Long.toString(f.wsClients()),
                    Format.bytes(f.wsRssBytes()), Format.bytes(f.wsHeapBytes()), Format.bytes(f.wsFootprintBytes()),
                    (f.zeroThreads() < 0 ? "n/a" : f.zeroThreads()) + " → " + (f.wsThreads() < 0 ? "n/a" : f.wsThreads()),
                    Format.bytes(f.tcpFootprintBytes()),
                    pair(f.ping().count(), f.ping().p50Micros(), f.ping().p99Micros()),
                    pair(f.privmsg().count(), f.privmsg().p50Micros(), f.privmsg().p99Micros()),
                    f.fanoutPerRecipient().count() == 0 ? "n/a"
                            : Format.micros(f.fanoutPerRecipient().p50Micros()) + " / "
                            + Format.micros(f.fanoutPerRecipient().p99Micros()) + " / "
                            + Format.micros(f.fanoutPerRecipient().maxMicros()),
                    pair(f.fanoutAll().count(), f.fanoutAll().p50Micros(), f.fanoutAll().maxMicros()),
                    f.errors().isEmpty() ? "ok" : f.errors().size() + " error(s)"));
        }
        return rows;
    }

    private static String pair(long count, long a, long b) {
        return count == 0 ? "n/a" : Format.micros(a) + " / " + Format.micros(b);
    }

    public static List<ServerFigures> figures(JsonObject results) {
        List<ServerFigures> out = new ArrayList<>();
        JsonArray servers = results.getJsonArray("servers", new JsonArray());
        for (int i = 0; i < servers.size(); i++) {
            out.add(ServerFigures.from(servers.getJsonObject(i)));
        }
        return out;
    }

    /**
     * One line on the fan-out reference run (trivial Vert.x relay on the same machine), or "" when
     * there was none: the floor the machine and load generator put under every fan-out figure.
     */
    public static String referenceLine(JsonObject results) {
        JsonObject ref = results.getJsonObject("reference");
        if (ref == null) {
            return "";
        }
        JsonObject f = ref.getJsonObject("swarm", new JsonObject()).getJsonObject("result", new JsonObject())
                .getJsonObject("fanout", new JsonObject());
        LatencySummary per =
                LatencySummary.fromJson(f.getJsonObject("per_recipient"));
        LatencySummary all =
                LatencySummary.fromJson(f.getJsonObject("all_delivered"));
        if (all.count() == 0) {
            return "Fan-out reference (trivial Vert.x relay, no IRC logic): not measured " + ref.getJsonArray("errors",
                    new JsonArray()).encode();
        }
        return "Fan-out reference (trivial Vert.x relay, no IRC logic, same machine and swarm) to "
                + f.getValue("members") + " members: per recipient p50 / p99 / max " + Format.micros(per.p50Micros())
                + " / " + Format.micros(per.p99Micros()) + " / " + Format.micros(per.maxMicros())
                + ", all delivered p50 / max " + Format.micros(all.p50Micros()) + " / " + Format.micros(all.maxMicros());
    }

    /** Why a smoke run's figures are not held against the targets. */
    public static final String SMOKE_NOTE = "Smoke run: targets are not judged (they are defined for 10,000 idle users "
            + "and a 1,000-member fan-out; per-client figures at 200 users are dominated by JIT and warm-up noise).";

    /** Whether the results come from {@code --smoke}. */
    public static boolean smoke(JsonObject results) {
        return "smoke".equals(results.getString("mode"));
    }

    /** The whole printed table: servers, then targets, the fan-out reference, the top heap class per server, errors. */
    public static String render(JsonObject results) {
        List<ServerFigures> figures = figures(results);
        StringBuilder b = new StringBuilder(text(HEADER, rows(figures)));
        if (smoke(results)) {
            b.append('\n').append(SMOKE_NOTE).append('\n');
        } else {
            List<List<String>> targets = new ArrayList<>();
            for (ServerFigures f : figures) {
                for (TargetCheck t : TargetCheck.evaluate(f)) {
                    targets.add(List.of(t.server(), t.what(), Format.value(t.value(), t.unit()),
                            "≤ " + Format.value(t.limit(), t.unit()), t.verdict()));
                }
            }
            b.append('\n').append(text(List.of("server", "target", "measured", "target", "verdict"), targets));
        }
        String ref = referenceLine(results);
        if (!ref.isEmpty()) {
            b.append('\n').append(ref).append('\n');
        }
        String topClass = HeapGrowthByClass.topClassLine(results);
        if (!topClass.isEmpty()) {
            b.append('\n').append(topClass).append('\n');
        }
        for (ServerFigures f : figures) {
            for (String e : f.errors()) {
                b.append("\n").append(f.name()).append(": ").append(e);
            }
        }
        return b.toString();
    }

    /** Fixed-width text table. */
    static String text(List<String> header, List<List<String>> rows) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        appendRow(b, header, w);
        StringBuilder sep = new StringBuilder();
        for (int x : w) {
            sep.append("-".repeat(x)).append("-+-");
        }
        b.append(sep, 0, sep.length() - 3).append('\n');
        for (List<String> r : rows) {
            appendRow(b, r, w);
        }
        return b.toString();
    }

    private static void appendRow(StringBuilder b, List<String> cells, int[] w) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            b.append(c).append(" ".repeat(w[i] - c.length()));
            if (i < cells.size() - 1) {
                b.append(" | ");
            }
        }
        b.append('\n');
    }
}
