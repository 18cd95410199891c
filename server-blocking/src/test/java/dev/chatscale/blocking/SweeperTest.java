package dev.chatscale.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.config.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweeperTest {
    @Test
    void periodIsOneSecondWithDefaultTimeoutsAndNoFloodControl() {
        assertThat(Sweeper.periodFor(ServerConfig.defaults().withFloodRate(0))).isEqualTo(1_000);
    }

    @Test
    void periodIsOneTokenIntervalWithFloodControl() {
        assertThat(Sweeper.periodFor(ServerConfig.defaults().withFloodRate(5))).isEqualTo(200);
        assertThat(Sweeper.periodFor(ServerConfig.defaults().withFloodRate(1_000))).isEqualTo(Sweeper.MIN_PERIOD_MILLIS);
    }

    @Test
    void periodIsAQuarterOfTheShortestTimeoutWhenTimeoutsAreShort() {
        ServerConfig config = ServerConfig.defaults().withFloodRate(0)
                .withPingInterval(Duration.ofMillis(400))
                .withRegistrationTimeout(Duration.ofMillis(200));
        assertThat(Sweeper.periodFor(config)).isEqualTo(50);
    }

    @Test
    void periodNeverDropsBelowTenMillis() {
        ServerConfig config = ServerConfig.defaults().withPingTimeout(Duration.ofMillis(1));
        assertThat(Sweeper.periodFor(config)).isEqualTo(Sweeper.MIN_PERIOD_MILLIS);
    }

    @Test
    void aFailingTargetDoesNotStopTheSweep() {
        List<Long> seen = new ArrayList<>();
        List<Sweeper.Target> targets = List.of(
                (ms, ns) -> seen.add(ms),
                (ms, ns) -> {
                    throw new IllegalStateException("boom");
                },
                (ms, ns) -> seen.add(ms));
        Sweeper sweeper = new Sweeper(targets, 1_000, () -> 42L);
        sweeper.sweepOnce();
        assertThat(seen).containsExactly(42L, 42L);
        assertThat(sweeper.sweeps()).isEqualTo(1);
    }

    @Test
    void sweeperThreadSweepsPeriodicallyAndStopsWhenInterrupted() throws Exception {
        List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Sweeper sweeper = new Sweeper(List.<Sweeper.Target>of((ms, ns) -> seen.add(ms)), 10, () -> 7L);
        Thread t = Thread.ofPlatform().start(sweeper);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (seen.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(sweeper.awaitStopped(0)).as("still running").isFalse();
        t.interrupt();
        assertThat(sweeper.awaitStopped(Duration.ofSeconds(10).toNanos())).isTrue();
        t.join(10_000);
        assertThat(seen).hasSizeGreaterThanOrEqualTo(3).containsOnly(7L);
        assertThat(t.isAlive()).isFalse();
    }
}
