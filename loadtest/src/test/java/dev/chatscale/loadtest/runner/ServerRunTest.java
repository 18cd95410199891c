package dev.chatscale.loadtest.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerRunTest {
    private static final ProcessSample BASELINE = new ProcessSample("0 clients", 0, 0, 100_000, 20, 15, 5_000,
            NmtSummary.NONE, new ProcFiles.SockStat(1, 0, 1, 1), null);

    @Test
    void aServerStillEndingThousandsOfThreadsHasNotSettled() {
        // seen on the threaded server: every socket closed, 8,207 threads still ending
        assertThat(ServerRun.settled(11, 8_207, BASELINE)).isFalse();
    }

    @Test
    void aServerWithDescriptorsStillOpenHasNotSettled() {
        assertThat(ServerRun.settled(15 + 500, 20, BASELINE)).isFalse();
    }

    @Test
    void aServerBackNearItsBaselineHasSettled() {
        assertThat(ServerRun.settled(15 + ServerRun.SETTLE_SLACK, 20 + ServerRun.SETTLE_SLACK, BASELINE)).isTrue();
        assertThat(ServerRun.settled(15 + ServerRun.SETTLE_SLACK + 1, 20, BASELINE)).isFalse();
    }
}
