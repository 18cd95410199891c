package dev.chatscale.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    private static JsonObject latency(long p50, long p99, long max) {
        return new JsonObject().put("count", 100).put("p50_us", p50).put("p90_us", p50).put("p99_us", p99)
                .put("p999_us", max).put("max_us", max);
    }

    static JsonObject results() {
        JsonObject netty = new JsonObject().put("name", "netty").put("transport", "epoll").put("errors", new JsonArray())
                .put("per_client_ws", new JsonObject().put("clients", 10_010).put("rss_bytes", 800.0).put("heap_bytes", 1200.0))
                .put("per_client_tcp", new JsonObject().put("clients", 10_000).put("rss_bytes", 700.0).put("heap_bytes", 1000.0))
                .put("sample_zero", new JsonObject().put("threads", 20))
                .put("sample_ws_idle", new JsonObject().put("threads", 22))
                .put("gatling", new JsonObject().put("report", "gatling/netty/idle-1/index.html")
                        .put("result", new JsonObject().put("ping_rtt", latency(300, 1_500, 4_000))
                                .put("privmsg_rtt", latency(400, 2_500, 6_000))))
                .put("swarm", new JsonObject().put("result", new JsonObject().put("fanout", new JsonObject()
                        .put("members", 1000).put("per_recipient", latency(1_000, 3_000, 3_500))
                        .put("all_delivered", latency(3_000, 3_600, 3_600)))))
                .put("sigterm_exit_ms", 820).put("exit_code", 0);
        JsonObject threaded = new JsonObject().put("name", "threaded").put("errors", new JsonArray().add("jar missing"));
        return new JsonObject().put("mode", "full")
                .put("machine", new JsonObject().put("date", "2026-11-22T06:00:00Z").put("cores", 2)
                        .put("memory_kb", 24_000_000L).put("kernel", "6.1").put("jdk", "Temurin 25"))
                .put("settings", new JsonObject().put("jvm_flags", "-Xms1g -Xmx1g").put("users", 10_000))
                .put("servers", new JsonArray().add(netty).add(threaded));
    }

    @Test
    void targetsAreJudgedWithMissesShown() {
        List<TargetCheck> checks = TargetCheck.evaluate(ServerFigures.from(results().getJsonArray("servers").getJsonObject(0)));
        assertThat(checks).extracting(TargetCheck::verdict).containsExactly(
                "met",     // RSS 800 B <= 1.5 KB
                "MISSED",  // RSS + heap 2000 B > 1.5 KB
                "met",     // PING p99 1.5 ms
                "MISSED",  // PRIVMSG p99 2.5 ms
                "met",     // fan-out all delivered 3.6 ms
                "met");    // SIGTERM to exit 0 in 820 ms
    }

    @Test
    void aServerKilledAfterSigtermMissesTheShutdownTarget() {
        JsonObject killed = results().getJsonArray("servers").getJsonObject(0).copy()
                .put("sigterm_exit_ms", 15_004).put("exit_code", (Integer) null);
        TargetCheck check = TargetCheck.evaluate(ServerFigures.from(killed)).getLast();
        assertThat(check.what()).startsWith("SIGTERM to exit 0");
        assertThat(check.verdict()).isEqualTo("MISSED");
        assertThat(Format.value(check.value(), check.unit())).isEqualTo("never");

        JsonObject slow = killed.copy().put("exit_code", 0).put("sigterm_exit_ms", 5_600);
        assertThat(TargetCheck.evaluate(ServerFigures.from(slow)).getLast().verdict()).isEqualTo("MISSED");
    }

    @Test
    void unmeasuredFiguresAreNotMeasuredRatherThanMet() {
        List<TargetCheck> checks = TargetCheck.evaluate(ServerFigures.from(results().getJsonArray("servers").getJsonObject(1)));
        assertThat(checks).isNotEmpty().allSatisfy(c -> assertThat(c.verdict()).isEqualTo("not measured"));
    }

    @Test
    void tableListsEveryServerTargetAndError() {
        String table = ComparisonTable.render(results());
        assertThat(table).contains("netty", "epoll", "1.95 KB", "300 µs / 1.50 ms", "MISSED", "threaded: jar missing");
    }

    @Test
    void reportsAreWrittenSelfContained(@TempDir Path dir) throws Exception {
        new ReportWriter(results()).write(dir);
        String html = Files.readString(dir.resolve("report.html"));
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("# chatscale benchmark", "-Xms1g -Xmx1g", "[Gatling report](gatling/netty/idle-1/index.html)",
                "**MISSED**", "threaded: jar missing");
        assertThat(html).contains("<svg", "Memory per idle client", "href=\"gatling/netty/idle-1/index.html\"",
                "class=\"missed\"").doesNotContain("<script", "http://cdn", "https://");
    }

    @Test
    void fanoutReferenceIsShownWhenMeasured() {
        JsonObject r = results().put("reference", new JsonObject().put("swarm", new JsonObject().put("result",
                new JsonObject().put("fanout", new JsonObject().put("members", 1000)
                        .put("per_recipient", latency(900, 2_000, 2_500)).put("all_delivered", latency(2_100, 2_600, 2_600))))));
        assertThat(ComparisonTable.render(r)).contains("Fan-out reference", "all delivered p50 / max 2.10 ms / 2.60 ms");
        assertThat(new ReportWriter(r).markdown()).contains("cannot be better than this floor");
        assertThat(ComparisonTable.referenceLine(results())).isEmpty();
    }

    @Test
    void smokeRunsDoNotJudgeTargets() {
        JsonObject smoke = results().put("mode", "smoke");
        assertThat(ComparisonTable.render(smoke)).contains("Smoke run: targets are not judged").doesNotContain("MISSED");
        assertThat(new ReportWriter(smoke).markdown()).contains("Smoke run: targets are not judged")
                .doesNotContain("MISSED");
    }

    @Test
    void formatPicksReadableUnits() {
        assertThat(Format.bytes(845)).isEqualTo("845 B");
        assertThat(Format.bytes(1536)).isEqualTo("1.50 KB");
        assertThat(Format.bytes(Double.NaN)).isEqualTo("n/a");
        assertThat(Format.micros(845)).isEqualTo("845 µs");
        assertThat(Format.micros(2_500)).isEqualTo("2.50 ms");
        assertThat(Format.html("<a & \"b\">")).isEqualTo("&lt;a &amp; &quot;b&quot;&gt;");
    }

    @Test
    void chartDrawsOneBarPerValueAndNaNAsNotAvailable() {
        String svg = new SvgBarChart("t", List.of("a", "b"), Format::number).series("s1", 1, Double.NaN)
                .series("s2", 3, 4).targets(2, Double.NaN).render();
        assertThat(svg.split("<rect x=").length - 1).isEqualTo(3 + 2); // 3 bars + 2 legend boxes
        assertThat(svg).contains("n/a", "target 2");
    }

    /** netty's WebSocket phase with 10 growing classes (biggest first, as the runner writes them) and one that shrank. */
    private static JsonObject withHeapByClass() {
        JsonArray classes = new JsonArray()
                .add(new JsonObject().put("class", "[B").put("bytes", 812.0).put("instances", 1.0))
                .add(new JsonObject().put("class", "io.netty.buffer.PooledUnsafeDirectByteBuf").put("bytes", 160.0)
                        .put("instances", 2.0));
        for (int i = 3; i <= 10; i++) {
            classes.add(new JsonObject().put("class", "dev.chatscale.C" + i).put("bytes", 100.0 - i).put("instances", 0.5));
        }
        classes.add(new JsonObject().put("class", "java.lang.Shrunk").put("bytes", -40.0).put("instances", -0.1));
        JsonObject r = results();
        r.getJsonArray("servers").getJsonObject(0).getJsonObject("per_client_ws")
                .put("heap_by_class", new JsonObject().put("total_bytes", 1198.0).put("classes", classes));
        r.getJsonArray("servers").getJsonObject(0).getJsonObject("per_client_tcp")
                .put("heap_by_class", new JsonObject().put("total_bytes", 1000.0).put("classes", new JsonArray()
                        .add(new JsonObject().put("class", "[Ljava.lang.Object;").put("bytes", 24.0).put("instances", 0.25))));
        return r;
    }

    @Test
    void heapGrowthByClassShowsTheEightBiggestGrowersPerServerAndPhase() {
        String md = new ReportWriter(withHeapByClass()).markdown();
        assertThat(md).contains("## Live heap growth per idle client, by class (heap histogram)", "How to read:",
                "- netty, WebSocket idle (10010 clients): `byte[]` 812 B (1.00/client), "
                        + "`PooledUnsafeDirectByteBuf` 160 B (2.00/client), `C3` 97 B (0.50/client), ",
                "`C8` 92 B (0.50/client); all classes 1.17 KB/client",
                "- netty, TCP idle (10000 clients): `Object[]` 24 B (0.25/client); all classes 1000 B/client")
                .doesNotContain("`C9`", "Shrunk", "threaded, WebSocket idle");
        assertThat(md.indexOf("heap histogram)")).isGreaterThan(md.indexOf("## Targets"))
                .isLessThan(md.indexOf("## Gatling reports"));
        assertThat(new ReportWriter(withHeapByClass()).html())
                .contains("<h2>Live heap growth per idle client, by class (heap histogram)</h2>",
                        "<li>netty, WebSocket idle (10010 clients): <code>byte[]</code> 812 B (1.00/client)",
                        "<code>raw/&lt;server&gt;-histogram-&lt;sample&gt;.txt</code>");
    }

    @Test
    void printedTableNamesTheTopHeapClassPerServer() {
        assertThat(ComparisonTable.render(withHeapByClass()))
                .contains("Live heap growth per WebSocket idle client, top class: netty byte[] 812 B (1.00/client)");
    }

    @Test
    void resultsWithoutHistogramsHaveNoHeapByClassSection() {
        assertThat(new ReportWriter(results()).markdown()).doesNotContain("by class (heap histogram)");
        assertThat(ComparisonTable.render(results())).doesNotContain("top class");
    }

    @Test
    void aDiscardedHistogramIsSaidRatherThanShown() {
        JsonObject r = withHeapByClass();
        JsonObject netty = r.getJsonArray("servers").getJsonObject(0);
        netty.getJsonObject("per_client_tcp").remove("heap_by_class");
        netty.getJsonObject("sample_zero").put("class_histogram", new JsonObject().put("total_bytes", 4_000_000));
        netty.put("sample_tcp_idle", new JsonObject().put("class_histogram",
                new JsonObject().put("total_instances", -1).put("total_bytes", -1).put("top", new JsonArray())));
        assertThat(new ReportWriter(r).markdown()).contains("- netty, WebSocket idle (10010 clients): `byte[]`",
                "- netty, TCP idle: no histogram (jcmd failed, or clients were leaving or joining while it ran")
                .doesNotContain("`Object[]`");
    }
}
