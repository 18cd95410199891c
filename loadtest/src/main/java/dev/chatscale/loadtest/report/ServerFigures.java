package dev.chatscale.loadtest.report;

import dev.chatscale.loadtest.stats.LatencySummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one server's run, read from its block in results.json, in the shape the table,
 * the target checks and the charts need. Immutable; absent figures are {@code NaN} / {@link LatencySummary#EMPTY}.
 *
 * @param name server name
 * @param transport transport from the ready line
 * @param wsClients clients held at the WebSocket sample
 * @param wsRssBytes RSS growth per WebSocket idle client
 * @param wsHeapBytes live-heap growth per WebSocket idle client
 * @param wsThreads OS threads at the WebSocket sample
 * @param zeroThreads OS threads at 0 clients
 * @param wsThreadsPerClient threads added per client
 * @param tcpClients clients held at the TCP sample
 * @param tcpRssBytes RSS growth per TCP idle client
 * @param tcpHeapBytes live-heap growth per TCP idle client
 * @param ping PING→PONG round trips
 * @param privmsg PRIVMSG-to-self round trips
 * @param fanoutMembers fan-out room size
 * @param fanoutPerRecipient per-recipient delivery latency
 * @param fanoutAll time until all members received, per repeat
 * @param sigtermExitMicros from SIGTERM (sent as the TCP swarm's clients leave) to the process's exit
 *     with status 0; past the runner's 15 s wait, or any other status, counts as infinite
 * @param gatlingReport relative link to Gatling's index.html, or null
 * @param errors problems of the run
 */
public record ServerFigures(String name, String transport, long wsClients, double wsRssBytes, double wsHeapBytes,
        int wsThreads, int zeroThreads, double wsThreadsPerClient, long tcpClients, double tcpRssBytes,
        double tcpHeapBytes, LatencySummary ping, LatencySummary privmsg, long fanoutMembers,
        LatencySummary fanoutPerRecipient, LatencySummary fanoutAll, double sigtermExitMicros, String gatlingReport,
        List<String> errors) {

    public ServerFigures {
        errors = List.copyOf(errors);
    }

    /** WebSocket RSS + heap growth per client. */
    public double wsFootprintBytes() {
        return wsRssBytes + wsHeapBytes;
    }

    /** TCP RSS + heap growth per client. */
    public double tcpFootprintBytes() {
        return tcpRssBytes + tcpHeapBytes;
    }

    public static ServerFigures from(JsonObject s) {
        JsonObject ws = s.getJsonObject("per_client_ws", new JsonObject());
        JsonObject tcp = s.getJsonObject("per_client_tcp", new JsonObject());
        JsonObject gatlingResult = s.getJsonObject("gatling", new JsonObject()).getJsonObject("result", new JsonObject());
        JsonObject fanout = s.getJsonObject("swarm", new JsonObject()).getJsonObject("result", new JsonObject())
                .getJsonObject("fanout", new JsonObject());
        JsonObject wsSample = s.getJsonObject("sample_ws_idle", new JsonObject());
        JsonObject zero = s.getJsonObject("sample_zero", new JsonObject());
        List<String> errors = new ArrayList<>();
        JsonArray e = s.getJsonArray("errors", new JsonArray());
        for (int i = 0; i < e.size(); i++) {
            errors.add(e.getString(i));
        }
        return new ServerFigures(
                s.getString("name", "?"), s.getString("transport", "?"),
                ws.getLong("clients", 0L), num(ws, "rss_bytes"), num(ws, "heap_bytes"),
                wsSample.getInteger("threads", -1), zero.getInteger("threads", -1), num(ws, "threads"),
                tcp.getLong("clients", 0L), num(tcp, "rss_bytes"), num(tcp, "heap_bytes"),
                LatencySummary.fromJson(gatlingResult.getJsonObject("ping_rtt")),
                LatencySummary.fromJson(gatlingResult.getJsonObject("privmsg_rtt")),
                fanout.getLong("members", 0L),
                LatencySummary.fromJson(fanout.getJsonObject("per_recipient")),
                LatencySummary.fromJson(fanout.getJsonObject("all_delivered")),
                sigtermExitMicros(s),
                s.getJsonObject("gatling", new JsonObject()).getString("report"),
                errors);
    }

    private static double sigtermExitMicros(JsonObject s) {
        double ms = num(s, "sigterm_exit_ms");
        if (Double.isNaN(ms)) {
            return Double.NaN; // not stopped by the runner (--target) or not started
        }
        return Integer.valueOf(0).equals(s.getInteger("exit_code")) ? ms * 1000 : Double.POSITIVE_INFINITY;
    }

    private static double num(JsonObject o, String key) {
        Object v = o.getValue(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
