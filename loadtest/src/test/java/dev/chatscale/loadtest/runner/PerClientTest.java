package dev.chatscale.loadtest.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PerClientTest {
    private static ProcessSample sample(long clients, long rssKb, int threads, long heapKb, long nmtKb, long stackKb,
            long memPages) {
        return new ProcessSample("s", clients, 0, rssKb, threads, 10, heapKb,
                new NmtSummary(nmtKb, Map.of(), threads, stackKb), new ProcFiles.SockStat(1, 0, 1, memPages));
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
}
