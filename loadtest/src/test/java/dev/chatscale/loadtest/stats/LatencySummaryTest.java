package dev.chatscale.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void nearestRankPicksTheSmallestSampleCoveringThePercentile() {
        long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        assertThat(LatencySummary.nearestRank(sorted, 50)).isEqualTo(50);
        assertThat(LatencySummary.nearestRank(sorted, 90)).isEqualTo(90);
        assertThat(LatencySummary.nearestRank(sorted, 91)).isEqualTo(100);
        assertThat(LatencySummary.nearestRank(sorted, 100)).isEqualTo(100);
        assertThat(LatencySummary.nearestRank(sorted, 0.1)).isEqualTo(10);
    }

    @Test
    void percentileOutsideRangeIsRejected() {
        assertThatThrownBy(() -> LatencySummary.nearestRank(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencySummary.nearestRank(new long[] {1}, 100.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencySummary.nearestRank(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summaryIsInMicrosecondsFromUnsortedNanos() {
        long[] nanos = new long[1000];
        for (int i = 0; i < nanos.length; i++) {
            nanos[(i * 7919) % 1000] = (i + 1) * 1_000L; // 1..1000 µs, shuffled
        }
        LatencySummary s = LatencySummary.ofNanos(nanos);
        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.minMicros()).isEqualTo(1);
        assertThat(s.p50Micros()).isEqualTo(500);
        assertThat(s.p90Micros()).isEqualTo(900);
        assertThat(s.p99Micros()).isEqualTo(990);
        assertThat(s.p999Micros()).isEqualTo(999);
        assertThat(s.maxMicros()).isEqualTo(1000);
        assertThat(s.meanMicros()).isEqualTo(500.5);
    }

    @Test
    void inputArrayIsNotReordered() {
        long[] nanos = {3_000, 1_000, 2_000};
        LatencySummary.ofNanos(nanos);
        assertThat(nanos).containsExactly(3_000, 1_000, 2_000);
    }

    @Test
    void noSamplesGiveTheEmptySummary() {
        assertThat(LatencySummary.ofNanos(new long[0])).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    void jsonRoundTripKeepsEveryFigure() {
        LatencySummary s = LatencySummary.ofNanos(new long[] {1_000, 2_000, 10_500});
        assertThat(LatencySummary.fromJson(s.toJson())).isEqualTo(s);
        assertThat(s.toJson().getLong("p99_us")).isEqualTo(10);
        assertThat(s.toJson().getDouble("mean_us")).isEqualTo(4.5);
        assertThat(LatencySummary.fromJson(null)).isEqualTo(LatencySummary.EMPTY);
    }
}
