package dev.chatscale.loadtest.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RampScheduleTest {

    @Test
    void connectionsAreDueAtTheConfiguredRate() {
        RampSchedule r = new RampSchedule(1000, 500);
        assertThat(r.dueAt(0)).isEqualTo(1);
        assertThat(r.dueAt(1_000_000_000L)).isEqualTo(501);
        assertThat(r.dueAt(10_000_000_000L)).isEqualTo(1000);
        assertThat(r.durationMillis()).isEqualTo(2000);
    }

    @Test
    void emptyRampHasNothingDue() {
        assertThat(new RampSchedule(0, 10).dueAt(5_000_000_000L)).isZero();
    }

    @Test
    void rateMustBePositive() {
        assertThatThrownBy(() -> new RampSchedule(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
