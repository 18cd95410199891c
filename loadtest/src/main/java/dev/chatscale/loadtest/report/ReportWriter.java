package dev.chatscale.loadtest.report;

import dev.chatscale.loadtest.stats.LatencySummary;
import dev.chatscale.loadtest.runner.NmtSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes report.md and report.html (self-contained: inline SVG charts, no scripts or external
 * resources) from results.json's content: machine and date, JVM flags, method, the comparison
 * table, every target next to its measured figure (misses included), NMT and live heap growth per
 * client by category and by class, charts, links to each
 * Gatling report and the logs, and every error. Stateless apart from the results it renders.
 */
public final class ReportWriter {
    private final JsonObject results;
    private final List<ServerFigures> figures;

    public ReportWriter(JsonObject results) {
        this.results = results;
        this.figures = ComparisonTable.figures(results);
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(), StandardCharsets.UTF_8);
    }

    static final String METHOD = """
            Each server runs in its own JVM with the JVM flags above (identical for all). The heap is fixed and \
            pre-touched (-Xms = -Xmx, AlwaysPreTouch), so RSS growth is memory outside the Java heap (thread stacks, \
            native/direct buffers, metaspace, code); live-heap growth is measured separately as heap used after a \
            forced full GC (jcmd GC.run, then GC.heap_info). "total/client" = RSS growth + live-heap growth, the \
            honest memory cost of one idle client. Per-client = (value at N − value at 0 clients) / N. \
            The WebSocket phase (Gatling) is sampled 2/3 into its hold, after the probe window, so forced GCs never \
            disturb the latency probes; the TCP phase (Vert.x swarm) runs only after every WebSocket user has left \
            (10k + 10k sockets in one server would exceed the 20,000 open-files limit) and has its own 0-client \
            baseline. Probe round trips carry System.nanoTime() in the line (µs resolution): PING→PONG and PRIVMSG \
            to the probe's own nick. Fan-out: one member PRIVMSGs a room; per-recipient latency and the time until \
            the last member received it, after unrecorded warm-up repeats. Kernel socket memory (/proc/net/sockstat) \
            is recorded in results.json; it counts both loopback ends and stays near zero for idle sockets. \
            PING is the probe's first line after 100 ms of silence (its round trip includes waking both sides \
            from idle); the PRIVMSG follows at once. The load generators share the machine's cores with the server (loopback only), so every latency \
            includes their scheduling; the fan-out reference run against a trivial relay shows that floor.""";

    String markdown() {
        JsonObject m = results.getJsonObject("machine", new JsonObject());
        JsonObject s = results.getJsonObject("settings", new JsonObject());
        StringBuilder b = new StringBuilder("# chatscale benchmark\n\n");
        b.append("- date: ").append(m.getString("date")).append('\n')
                .append("- mode: ").append(results.getString("mode")).append('\n')
                .append("- machine: ").append(m.getValue("cores")).append(" cores, ")
                .append(Format.bytes(m.getLong("memory_kb", -1L) * 1024.0)).append(" RAM, kernel ")
                .append(m.getString("kernel")).append(", open files ").append(m.getString("open_files_limit"))
                .append(", somaxconn ").append(m.getString("somaxconn")).append('\n')
                .append("- JDK: ").append(m.getString("jdk")).append('\n')
                .append("- server JVM flags: `").append(s.getString("jvm_flags")).append("`\n")
                .append("- load: ").append(s.getValue("users")).append(" idle WebSocket users + ")
                .append(s.getValue("probes")).append(" probes (hold ").append(s.getValue("hold_seconds"))
                .append(" s), then ").append(s.getValue("swarm_users")).append(" idle TCP users (hold ")
                .append(s.getValue("swarm_hold_seconds")).append(" s), rooms of ").append(s.getValue("room_size"))
                .append(", ramp ").append(s.getValue("ramp_per_sec")).append("/s; fan-out to ")
                .append(s.getValue("fanout_members")).append(" members × ").append(s.getValue("fanout_repeats"))
                .append("\n\n## Method\n\n").append(METHOD).append("\n\n## Results\n\n");
        b.append(mdTable(ComparisonTable.HEADER, ComparisonTable.rows(figures)));
        b.append("\n## Targets\n\n");
        if (ComparisonTable.smoke(results)) {
            b.append(ComparisonTable.SMOKE_NOTE).append('\n');
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (ServerFigures f : figures) {
                for (TargetCheck t : TargetCheck.evaluate(f)) {
                    rows.add(List.of(t.server(), t.what(), Format.value(t.value(), t.unit()),
                            "≤ " + Format.value(t.limit(), t.unit()), t.met() ? "met" : "**" + t.verdict() + "**"));
                }
            }
            b.append(mdTable(List.of("server", "figure", "measured", "target", "verdict"), rows));
        }
        b.append("\n").append(nmtTable());
        String ref = ComparisonTable.referenceLine(results);
        if (!ref.isEmpty()) {
            b.append("\n").append(ref).append(". A server's fan-out figure cannot be better than this floor.\n");
        }
        String heapByClass = HeapGrowthByClass.markdown(results);
        if (!heapByClass.isEmpty()) {
            b.append("\n").append(heapByClass);
        }
        b.append("\n## Gatling reports and logs\n\n");
        for (ServerFigures f : figures) {
            b.append("- ").append(f.name()).append(": ")
                    .append(f.gatlingReport() == null ? "no Gatling report" : "[Gatling report](" + f.gatlingReport() + ")")
                    .append(", logs/").append(f.name()).append("-server.log, -gatling.log, -swarm.log\n");
        }
        b.append("\n## Errors\n\n");
        boolean any = false;
        for (ServerFigures f : figures) {
            for (String e : f.errors()) {
                b.append("- ").append(f.name()).append(": ").append(e.replace("\n", " ")).append('\n');
                any = true;
            }
        }
        if (!any) {
            b.append("none\n");
        }
        return b.toString();
    }

    /** NMT categories worth a column: where idle connections can cost native memory. */
    static final List<String> NMT_CATEGORIES = List.of("Thread", "Other", "Internal", "Class", "Metaspace", "Code",
            "Arena Chunk", "Java Heap");

    /** Per-client growth of NMT committed memory by category, WebSocket idle vs 0 clients. */
    String nmtTable() {
        JsonArray servers = results.getJsonArray("servers", new JsonArray());
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            JsonObject s = servers.getJsonObject(i);
            JsonObject zero = s.getJsonObject("sample_zero");
            JsonObject idle = s.getJsonObject("sample_ws_idle");
            if (zero == null || idle == null || idle.getLong("clients", 0L) <= 0) {
                continue;
            }
            NmtSummary z = NmtSummary.fromJson(zero.getJsonObject("nmt"));
            NmtSummary n = NmtSummary.fromJson(idle.getJsonObject("nmt"));
            if (z.totalCommittedKb() < 0 || n.totalCommittedKb() < 0) {
                continue;
            }
            double clients = idle.getLong("clients");
            List<String> row = new ArrayList<>();
            row.add(s.getString("name", "?"));
            for (String c : NMT_CATEGORIES) {
                row.add(Format.bytes((n.committed(c) - z.committed(c)) * 1024.0 / clients));
            }
            row.add(Format.bytes((n.stackCommittedKb() - z.stackCommittedKb()) * 1024.0 / clients));
            row.add(Format.bytes((n.totalCommittedKb() - z.totalCommittedKb()) * 1024.0 / clients));
            rows.add(row);
        }
        if (rows.isEmpty()) {
            return "";
        }
        List<String> header = new ArrayList<>(List.of("server"));
        header.addAll(NMT_CATEGORIES);
        header.add("thread stacks");
        header.add("NMT total");
        return "NMT committed growth per idle WebSocket client, by category (native memory the JVM tracks):\n\n"
                + mdTable(header, rows);
    }

    static String mdTable(List<String> header, List<List<String>> rows) {
        StringBuilder b = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        b.append(" --- |".repeat(header.size())).append('\n');
        for (List<String> r : rows) {
            b.append("| ").append(String.join(" | ", r).replace("\n", " ")).append(" |\n");
        }
        return b.toString();
    }

    String html() {
        List<String> names = figures.stream().map(ServerFigures::name).toList();
        double[] memTargets = figures.stream()
                .mapToDouble(f -> TargetCheck.MEMORY_LIMITS.getOrDefault(f.name(), Double.NaN)).toArray();
        String memory = new SvgBarChart("Memory per idle client", names, Format::bytes)
                .series("WS RSS Δ", figures.stream().mapToDouble(ServerFigures::wsRssBytes).toArray())
                .series("WS heap Δ", figures.stream().mapToDouble(ServerFigures::wsHeapBytes).toArray())
                .series("WS total", figures.stream().mapToDouble(ServerFigures::wsFootprintBytes).toArray())
                .series("TCP total", figures.stream().mapToDouble(ServerFigures::tcpFootprintBytes).toArray())
                .targets(memTargets).render();
        String threads = new SvgBarChart("OS threads (0 clients / N WebSocket idle)", names, Format::number)
                .series("at 0", figures.stream().mapToDouble(f -> f.zeroThreads() < 0 ? Double.NaN : f.zeroThreads()).toArray())
                .series("at N", figures.stream().mapToDouble(f -> f.wsThreads() < 0 ? Double.NaN : f.wsThreads()).toArray())
                .render();
        double[] rttTargets = figures.stream()
                .mapToDouble(f -> TargetCheck.RTT_SERVERS.contains(f.name()) ? TargetCheck.RTT_P99_LIMIT_US : Double.NaN)
                .toArray();
        String ping = latencyChart("PING → PONG round trip", names, figures.stream().map(ServerFigures::ping).toList())
                .targets(rttTargets).render();
        String privmsg = latencyChart("PRIVMSG to self round trip", names,
                figures.stream().map(ServerFigures::privmsg).toList()).targets(rttTargets).render();
        List<String> fanNames = new ArrayList<>(names);
        List<LatencySummary> per = new ArrayList<>(figures.stream().map(ServerFigures::fanoutPerRecipient).toList());
        List<LatencySummary> all = new ArrayList<>(figures.stream().map(ServerFigures::fanoutAll).toList());
        JsonObject refFanout = results.getJsonObject("reference", new JsonObject()).getJsonObject("swarm", new JsonObject())
                .getJsonObject("result", new JsonObject()).getJsonObject("fanout");
        if (refFanout != null) {
            fanNames.add("reference relay");
            per.add(LatencySummary.fromJson(refFanout.getJsonObject("per_recipient")));
            all.add(LatencySummary.fromJson(refFanout.getJsonObject("all_delivered")));
        }
        double[] fanTargets = new double[fanNames.size()];
        Arrays.fill(fanTargets, TargetCheck.FANOUT_ALL_LIMIT_US);
        String fanout = new SvgBarChart("Fan-out delivery", fanNames, Format::micros)
                .series("per recipient p50", lat(per, 50))
                .series("per recipient p99", lat(per, 99))
                .series("all delivered p50", lat(all, 50))
                .series("all delivered max", lat(all, 100))
                .targets(fanTargets)
                .render();
        String md = markdown();
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>chatscale benchmark</title>
                <style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em}
                table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px}
                .missed{color:#b00;font-weight:bold}.met{color:#070}svg{margin:1em 1em 0 0}</style></head><body>
                """ + mdToHtml(md) + "<h2>Charts</h2>\n" + memory + threads + ping + privmsg + fanout + "</body></html>\n";
    }

    private static SvgBarChart latencyChart(String title, List<String> names,
            List<LatencySummary> l) {
        return new SvgBarChart(title, names, Format::micros)
                .series("p50", lat(l, 50)).series("p90", lat(l, 90)).series("p99", lat(l, 99)).series("max", lat(l, 100));
    }

    private static double[] lat(List<LatencySummary> l, int p) {
        return l.stream().mapToDouble(x -> x.count() == 0 ? Double.NaN : switch (p) {
            case 50 -> x.p50Micros();
            case 90 -> x.p90Micros();
            case 99 -> x.p99Micros();
            default -> x.maxMicros();
        }).toArray();
    }

    /** The tiny subset of Markdown this report uses: headings, bullets, tables, links, code, bold. */
    static String mdToHtml(String md) {
        StringBuilder b = new StringBuilder();
        boolean inList = false;
        boolean inTable = false;
        for (String line : md.split("\n")) {
            if (line.startsWith("|")) {
                if (line.startsWith("| ---") || line.startsWith("|---")) {
                    continue;
                }
                if (!inTable) {
                    b.append("<table>\n");
                    inTable = true;
                }
                String[] cells = line.substring(1, line.length() - 1).split("\\|");
                b.append("<tr>");
                for (String c : cells) {
                    String cell = inline(c.trim());
                    String cls = cell.contains("MISSED") ? " class=\"missed\"" : cell.equals("met") ? " class=\"met\"" : "";
                    b.append("<td").append(cls).append('>').append(cell).append("</td>");
                }
                b.append("</tr>\n");
                continue;
            } else if (inTable) {
                b.append("</table>\n");
                inTable = false;
            }
            if (line.startsWith("- ")) {
                if (!inList) {
                    b.append("<ul>\n");
                    inList = true;
                }
                b.append("<li>").append(inline(line.substring(2))).append("</li>\n");
                continue;
            } else if (inList) {
                b.append("</ul>\n");
                inList = false;
            }
            if (line.startsWith("## ")) {
                b.append("<h2>").append(Format.html(line.substring(3))).append("</h2>\n");
            } else if (line.startsWith("# ")) {
                b.append("<h1>").append(Format.html(line.substring(2))).append("</h1>\n");
            } else if (!line.isBlank()) {
                b.append("<p>").append(inline(line)).append("</p>\n");
            }
        }
        if (inTable) {
            b.append("</table>\n");
        }
        if (inList) {
            b.append("</ul>\n");
        }
        return b.toString();
    }

    private static String inline(String text) {
        String s = Format.html(text);
        s = s.replaceAll("\\[([^\\]]+)\\]\\(([^)]+)\\)", "<a href=\"$2\">$1</a>");
        s = s.replaceAll("`([^`]+)`", "<code>$1</code>");
        return s.replaceAll("\\*\\*([^*]+)\\*\\*", "<b>$1</b>");
    }
}
