package dev.chatscale.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HoldTimelineTest {
    private static final long S = 1_000_000_000L;

    @Test
    void holdStartsWhenTheLastUserSettles() {
        HoldTimeline t = new HoldTimeline(2, 100 * S, 60 * S, 40 * S);
        t.settled(5 * S);
        assertThat(t.holdStarted(6 * S)).isFalse();
        assertThat(t.phase(6 * S)).isEqualTo("setup");
        t.settled(7 * S);
        assertThat(t.holdStartNanos()).hasValue(7 * S);
        assertThat(t.probing(7 * S)).isTrue();
        assertThat(t.phase(46 * S)).isEqualTo("probing");
        assertThat(t.phase(47 * S)).isEqualTo("sampling");
        assertThat(t.holdOver(66 * S)).isFalse();
        assertThat(t.holdOver(67 * S)).isTrue();
        assertThat(t.phase(67 * S)).isEqualTo("closing");
    }

    @Test
    void holdStartsAtTheSetupDeadlineWhenUsersAreMissing() {
        HoldTimeline t = new HoldTimeline(10, 30 * S, 60 * S, 40 * S);
        t.settled(1 * S);
        assertThat(t.holdStarted(29 * S)).isFalse();
        assertThat(t.holdStarted(31 * S)).isTrue();
        assertThat(t.holdStartNanos()).hasValue(31 * S);
    }

    @Test
    void timeUntilHoldEndCountsFromTheEarliestPossibleStart() {
        HoldTimeline t = new HoldTimeline(1, 30 * S, 60 * S, 40 * S);
        assertThat(t.nanosUntilHoldEnd(10 * S)).isEqualTo(80 * S);
        t.settled(20 * S);
        assertThat(t.nanosUntilHoldEnd(25 * S)).isEqualTo(55 * S);
        assertThat(t.nanosUntilHoldEnd(200 * S)).isZero();
    }

    @Test
    void noUsersMeansTheHoldStartsAtOnce() {
        HoldTimeline t = new HoldTimeline(0, 30 * S, 10 * S, 5 * S);
        assertThat(t.holdStarted(1 * S)).isTrue();
    }
}
