package dev.chatscale.loadtest.report;

import dev.chatscale.loadtest.runner.ClassHistogram;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's "live heap growth per idle client, by class" section, read from each server's
 * {@code per_client_ws} / {@code per_client_tcp} → {@code heap_by_class} in results.json (growth per
 * client computed by the runner from the whole histograms at 0 and at N clients). Shows the
 * {@value #SHOWN} classes that grew most; results without histograms render nothing. Stateless.
 */
final class HeapGrowthByClass {
    private HeapGrowthByClass() {}

    /** Classes shown per server and phase. */
    static final int SHOWN = 8;

    static final String TITLE = "Live heap growth per idle client, by class (heap histogram)";

    static final String HOW_TO_READ = """
            How to read: for each class, (live bytes at N clients − live bytes at 0 clients) / N from \
            jcmd GC.class_histogram after a full GC, then its instances per client; sizes are shallow (an object's \
            own fields, not what it points to), so ≈ 1.00/client marks one object per connection, and "all classes" \
            is the histogram's total growth, which should match "heap Δ/client" above. Whole histograms: \
            `raw/<server>-histogram-<sample>.txt`.""";

    private static final List<List<String>> PHASES = List.of(
            List.of("per_client_ws", "WebSocket idle", "sample_ws_idle"),
            List.of("per_client_tcp", "TCP idle", "sample_tcp_idle"));

    /** The section (heading, how to read, one bullet per server and phase), or "" when nothing was measured. */
    static String markdown(JsonObject results) {
        JsonArray servers = results.getJsonArray("servers", new JsonArray());
        List<String> bullets = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            JsonObject s = servers.getJsonObject(i);
            for (List<String> phase : PHASES) {
                JsonObject perClient = s.getJsonObject(phase.get(0), new JsonObject());
                JsonObject byClass = perClient.getJsonObject("heap_by_class");
                if (byClass == null) {
                    JsonObject atN = s.getJsonObject(phase.get(2), new JsonObject()).getJsonObject("class_histogram");
                    JsonObject zero = s.getJsonObject("sample_zero", new JsonObject()).getJsonObject("class_histogram");
                    if (atN != null && (atN.getLong("total_bytes", -1L) < 0
                            || zero == null || zero.getLong("total_bytes", -1L) < 0)) {
                        bullets.add("- " + s.getString("name", "?") + ", " + phase.get(1) + ": no histogram (jcmd "
                                + "failed, or clients were leaving or joining while it ran; see `raw/`)");
                    }
                    continue;
                }
                bullets.add("- " + s.getString("name", "?") + ", " + phase.get(1) + " ("
                        + Format.number(perClient.getLong("clients", 0L)) + " clients): "
                        + classes(byClass, SHOWN, true) + "; all classes "
                        + Format.bytes(num(byClass, "total_bytes")) + "/client");
            }
        }
        if (bullets.isEmpty()) {
            return "";
        }
        return "## " + TITLE + "\n\n" + HOW_TO_READ + "\n\n" + String.join("\n", bullets) + "\n";
    }

    /** One line for the printed table: the class that grew most per WebSocket idle client, per server; "" if none. */
    static String topClassLine(JsonObject results) {
        JsonArray servers = results.getJsonArray("servers", new JsonArray());
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            JsonObject s = servers.getJsonObject(i);
            JsonObject byClass = s.getJsonObject("per_client_ws", new JsonObject()).getJsonObject("heap_by_class");
            if (byClass != null) {
                parts.add(s.getString("name", "?") + " " + classes(byClass, 1, false));
            }
        }
        return parts.isEmpty() ? "" : "Live heap growth per WebSocket idle client, top class: " + String.join("; ", parts);
    }

    /** "`byte[]` 812 B (1.00/client), ..." for the first {@code n} classes that grew. */
    private static String classes(JsonObject byClass, int n, boolean code) {
        JsonArray list = byClass.getJsonArray("classes", new JsonArray());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size() && out.size() < n; i++) {
            JsonObject c = list.getJsonObject(i);
            double bytes = num(c, "bytes");
            if (!(bytes > 0)) {
                continue;
            }
            String name = ClassHistogram.displayName(c.getString("class", "?"));
            out.add((code ? "`" + name + "`" : name) + " " + Format.bytes(bytes) + " ("
                    + String.format(Locale.ROOT, "%.2f", num(c, "instances")) + "/client)");
        }
        return out.isEmpty() ? "no class grew" : String.join(", ", out);
    }

    private static double num(JsonObject o, String key) {
        Object v = o.getValue(key);
        return v instanceof Number x ? x.doubleValue() : Double.NaN;
    }
}
