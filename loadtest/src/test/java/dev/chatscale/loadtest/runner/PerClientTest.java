package dev.chatscale.loadtest.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerClientTest {
    private static ProcessSample sample(long clients, long rssKb, int threads, long heapKb, long nmtKb, long stackKb,
            long memPages) {
        return new ProcessSample("s", clients, 0, rssKb, threads, 10, heapKb,
                new NmtSummary(nmtKb, Map.of(), threads, stackKb), new ProcFiles.SockStat(1, 0, 1, memPages), ClassHistogram.NONE);
    }

    @Test
    void growthIsDividedByTheClientsAtN() {
        PerClient p = PerClient.between(sample(0, 100_000, 20, 5_000, 200_000, 1_000, 10),
                sample(10_000, 115_000, 10_020, 25_000, 230_000, 11_000, 20));
        assertThat(p.clients()).isEqualTo(10_000);
        assertThat(p.rssBytes()).isEqualTo(15_000 * 1024.0 / 10_000);
        assertThat(p.heapBytes()).isEqualTo(20_000 * 1024.0 / 10_000);
        assertThat(p.footprintBytes()).isEqualTo(35_000 * 1024.0 / 10_000);
        assertThat(p.threads()).isEqualTo(1.0);
        assertThat(p.stackBytes()).isEqualTo(10_000 * 1024.0 / 10_000);
        assertThat(p.kernelTcpBytes()).isEqualTo(10 * 4096.0 / 10_000);
    }

    @Test
    void unreadFiguresAndZeroClientsAreNotNumbers() {
        PerClient p = PerClient.between(sample(0, -1, 20, 5_000, 1, 1, 1), sample(0, 100, 20, 6_000, 1, 1, 1));
        assertThat(p.rssBytes()).isNaN();
        assertThat(p.heapBytes()).isNaN();
        assertThat(p.toJson().getValue("rss_bytes")).isNull();
    }

    private static ProcessSample withHistogram(long clients, String rows) {
        return new ProcessSample("s", clients, 0, 100, 20, 10, 1_000, NmtSummary.NONE,
                new ProcFiles.SockStat(1, 0, 1, 1), ClassHistogram.parse(rows));
    }

    @Test
    void heapGrowthByClassIsPerClientAndKeptInTheJson() {
        PerClient p = PerClient.between(
                withHistogram(0, """
                           1:           100           4000  [B (java.base@25.0.3)
                        Total           100           4000
                        """),
                withHistogram(100, """
                           1:           300          84000  [B (java.base@25.0.3)
                           2:           100          16000  io.netty.channel.epoll.EpollSocketChannel
                        Total           400         100000
                        """));
        assertThat(p.histogramBytes()).isEqualTo(960.0);
        JsonObject byClass = p.toJson().getJsonObject("heap_by_class");
        assertThat(byClass.getDouble("total_bytes")).isEqualTo(960.0);
        JsonArray classes = byClass.getJsonArray("classes");
        assertThat(classes).hasSize(2);
        assertThat(classes.getJsonObject(0).getString("class")).isEqualTo("[B");
        assertThat(classes.getJsonObject(0).getDouble("bytes")).isEqualTo(800.0);
        assertThat(classes.getJsonObject(0).getDouble("instances")).isEqualTo(2.0);
        assertThat(classes.getJsonObject(1).getDouble("bytes")).isEqualTo(160.0);
    }

    @Test
    void withoutHistogramsThereIsNoHeapByClass() {
        PerClient p = PerClient.between(sample(0, 1, 20, 1, 1, 1, 1), sample(10, 2, 20, 2, 1, 1, 1));
        assertThat(p.histogramBytes()).isNaN();
        assertThat(p.toJson().containsKey("heap_by_class")).isFalse();
    }

    @Test
    void sampleJsonKeepsTheTopClassesAndAnOldResultsJsonStillReads() {
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            rows.append(i).append(": ").append(i).append(' ').append(1_000 - i).append(" c.C").append(i).append('\n');
        }
        ProcessSample s = withHistogram(5, rows.toString());
        JsonObject json = s.toJson();
        assertThat(json.getJsonObject("class_histogram").getJsonArray("top")).hasSize(ProcessSample.HISTOGRAM_TOP);
        assertThat(ProcessSample.fromJson(json).histogram()).isEqualTo(s.histogram().top(ProcessSample.HISTOGRAM_TOP));
        json.remove("class_histogram");
        ProcessSample old = ProcessSample.fromJson(json);
        assertThat(old.histogram()).isEqualTo(ClassHistogram.NONE);
        assertThat(old.heapUsedKb()).isEqualTo(1_000);
    }

    @Test
    void sampleLabelsBecomeFileNames() {
        assertThat(Sampler.slug("0 clients (after WebSocket phase)")).isEqualTo("0-clients-after-websocket-phase");
        assertThat(Sampler.slug("10000 WebSocket idle")).isEqualTo("10000-websocket-idle");
        assertThat(Sampler.slug("()")).isEqualTo("sample");
    }

    @Test
    void histogramIsDiscardedWhenClientsLeftOrJoinedWhileItRan() {
        assertThat(Sampler.stableFds(10_000, 10_030, 10_025)).isTrue();
        assertThat(Sampler.stableFds(10_000, 10_030, 9_530)).isTrue();
        assertThat(Sampler.stableFds(10_000, 10_030, 9_000)).isFalse();
        assertThat(Sampler.stableFds(10_000, 10_030, 11_100)).isFalse();
        assertThat(Sampler.stableFds(202, 221, 19)).isFalse(); // the smoke run's WebSocket sample
        assertThat(Sampler.stableFds(0, 19, 25)).isTrue();
        assertThat(Sampler.stableFds(200, -1, 19)).isTrue();
    }
}
