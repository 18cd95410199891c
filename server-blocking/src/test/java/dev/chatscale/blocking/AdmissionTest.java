package dev.chatscale.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdmissionTest {
    @Test
    void aReservationIsTakenBeforeAcceptAndClaimedAfterIt() {
        Admission admission = new Admission(2, 1);
        admission.reserve(0);
        assertThat(admission.isReserved(0)).isTrue();
        assertThat(admission.available()).isEqualTo(1);
        assertThat(admission.claim(0)).isTrue();
        assertThat(admission.isReserved(0)).isFalse();
        assertThat(admission.available()).as("the connection owns one").isEqualTo(1);
    }

    @Test
    void anIdleAcceptorsReservationDoesNotTurnAwayAnotherListenersClient() {
        Admission admission = new Admission(2, 2); // IRC (0) and WebSocket (1)
        admission.reserve(0);
        admission.reserve(1);
        assertThat(admission.claim(0)).isTrue(); // first IRC client: its own reservation
        admission.reserve(0); // nothing free: the WebSocket acceptor holds the last one
        assertThat(admission.isReserved(0)).isFalse();
        assertThat(admission.claim(0)).as("second IRC client takes the idle WebSocket reservation").isTrue();
        assertThat(admission.isReserved(1)).isFalse();
        assertThat(admission.claim(1)).as("the WebSocket acceptor finds its reservation gone: full").isFalse();
        assertThat(admission.claim(0)).as("a third client of either kind: full").isFalse();
    }

    @Test
    void permitsComeBackFromConnectionsAndStoppedAcceptors() {
        Admission admission = new Admission(2, 2);
        admission.reserve(0);
        admission.reserve(1);
        assertThat(admission.claim(0)).isTrue();
        admission.release(); // that connection closed
        admission.cancel(1); // the WebSocket acceptor stopped
        admission.cancel(0); // holds nothing: no-op
        assertThat(admission.available()).isEqualTo(2);
    }

    @Test
    void noMoreThanMaxConnectionsAreEverClaimed() {
        Admission admission = new Admission(3, 2);
        int claimed = 0;
        for (int round = 0; round < 10; round++) {
            int i = round % 2;
            admission.reserve(i);
            if (admission.claim(i)) {
                claimed++;
            }
        }
        assertThat(claimed).isEqualTo(3);
        assertThat(admission.available()).isZero();
    }
}
