package dev.chatscale.loadtest.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void statusLineShowsPhaseCountsAndElapsed() {
        String line = Progress.format("gatling", Map.of("phase", "setup", "users", "10000", "connected", "2500",
                "joined", "2400", "failed", "0", "probes_registered", "10", "ping_samples", "0",
                "privmsg_samples", "0"), 65_000);
        assertThat(line).isEqualTo(
                "gatling setup: connected 2500, joined 2400/10000, failed 0, probes 10, rtt samples 0+0, 01:05 in phase");
    }

    @Test
    void fanoutStatusShowsTheRepeat() {
        assertThat(Progress.format("swarm", Map.of("phase", "fanout-run", "started", "1001", "connected", "1001",
                "joined", "1001", "repeat", "3", "of", "20"), 1_000)).contains("repeat 3/20");
    }
}
