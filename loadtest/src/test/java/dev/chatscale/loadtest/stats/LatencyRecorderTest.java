package dev.chatscale.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LatencyRecorderTest {

    @Test
    void keepsSamplesUpToCapacityAndCountsTheRest() {
        LatencyRecorder r = new LatencyRecorder(3);
        for (long v = 1; v <= 5; v++) {
            r.record(v * 1000);
        }
        assertThat(r.snapshot()).containsExactly(1000, 2000, 3000);
        assertThat(r.dropped()).isEqualTo(2);
        assertThat(r.summary().maxMicros()).isEqualTo(3);
    }

    @Test
    void negativeLatencyIsRejected() {
        assertThatThrownBy(() -> new LatencyRecorder().record(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Timeout(10)
    void concurrentRecordsAreAllKept() throws InterruptedException {
        LatencyRecorder r = new LatencyRecorder();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5_000; i++) {
                    r.record(i);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(r.size()).isEqualTo(20_000);
        assertThat(r.snapshot()).hasSize(20_000);
    }
}
