package dev.chatscale.loadtest.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FanoutTrackerTest {

    @Test
    void repeatCompletesWhenEveryMemberReceivedIt() {
        FanoutTracker t = new FanoutTracker(3, 2);
        FanoutMessage m = new FanoutMessage(0, 1_000_000);
        t.sent(0, 1_000_000);
        t.delivered(m, 1_200_000);
        t.delivered(m, 1_500_000);
        assertThat(t.complete(0)).isFalse();
        t.delivered(m, 1_900_000);
        assertThat(t.complete(0)).isTrue();
        assertThat(t.completedRepeats()).isEqualTo(1);
        assertThat(t.perRecipient().count()).isEqualTo(3);
        assertThat(t.perRecipient().p50Micros()).isEqualTo(500);
        assertThat(t.allDelivered().count()).isEqualTo(1);
        assertThat(t.allDelivered().maxMicros()).isEqualTo(900);
    }

    @Test
    void missingDeliveriesAreCountedPerSentRepeat() {
        FanoutTracker t = new FanoutTracker(3, 2);
        t.sent(0, 10);
        t.delivered(new FanoutMessage(0, 10), 20);
        assertThat(t.missingDeliveries(2)).isEqualTo(2 + 3);
    }

    @Test
    void extraDeliveriesAreDuplicatesAndNotRecorded() {
        FanoutTracker t = new FanoutTracker(1, 1);
        t.sent(0, 10);
        t.delivered(new FanoutMessage(0, 10), 20);
        t.delivered(new FanoutMessage(0, 10), 30);
        assertThat(t.duplicates()).isEqualTo(1);
        assertThat(t.perRecipient().count()).isEqualTo(1);
    }

    @Test
    void probesThisTrackerDidNotSendAreStrays() {
        FanoutTracker t = new FanoutTracker(1, 2);
        t.sent(0, 10);
        t.delivered(new FanoutMessage(0, 99), 100); // same repeat number, other send time
        t.delivered(new FanoutMessage(5, 10), 100); // repeat out of range
        assertThat(t.strays()).isEqualTo(2);
        assertThat(t.complete(0)).isFalse();
    }
}
