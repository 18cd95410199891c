package dev.chatscale.protocol.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CounterMetricsTest {

    @Test
    void countsEveryKindSeparately() {
        CounterMetrics m = new CounterMetrics();
        m.connectionOpened();
        m.connectionOpened();
        m.connectionClosed();
        m.lineIn();
        m.lineOut();
        m.linesOut(5);
        m.bytesIn(100);
        m.bytesOut(250);
        m.sendQueueDrop();
        assertThat(m.snapshot()).isEqualTo(new CounterMetrics.Snapshot(2, 1, 1, 6, 100, 250, 1));
        assertThat(m.snapshot().connectionsOpen()).isEqualTo(1);
        assertThat(m.toString()).contains("connections=1", "linesOut=6", "sendqDrops=1");
    }

    @Test
    void noneDiscardsAndItsDefaultLinesOutCallsLineOut() {
        Metrics.NONE.linesOut(3);
        int[] calls = {0};
        Metrics counting = new Metrics() {
            @Override
            public void lineOut() {
                calls[0]++;
            }
        };
        counting.linesOut(3);
        assertThat(calls[0]).isEqualTo(3);
    }

    @Test
    @Timeout(30)
    void loseNoIncrementAcrossThreads() throws Exception {
        CounterMetrics m = new CounterMetrics();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 100_000; i++) {
                    m.lineIn();
                    m.bytesIn(2);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(m.snapshot().linesIn()).isEqualTo(400_000);
        assertThat(m.snapshot().bytesIn()).isEqualTo(800_000);
    }
}
