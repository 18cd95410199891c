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
                        .put("all_delivered", latency(3_000, 3_600, 3_600)))));
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
                "met");    // fan-out all delivered 3.6 ms
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
}
