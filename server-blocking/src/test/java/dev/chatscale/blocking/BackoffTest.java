package dev.chatscale.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delaysDoubleFromInitialUpToTheCap() {
        Backoff backoff = new Backoff(10, 500);
        long[] delays = LongStream.range(0, 8).map(i -> backoff.next()).toArray();
        assertThat(delays).containsExactly(10, 20, 40, 80, 160, 320, 500, 500);
        assertThat(backoff.failures()).isEqualTo(8);
    }

    @Test
    void resetStartsANewBurstAtTheInitialDelay() {
        Backoff backoff = new Backoff(10, 500);
        backoff.next();
        backoff.next();
        backoff.reset();
        assertThat(backoff.failures()).isZero();
        assertThat(backoff.next()).isEqualTo(10);
    }

    @Test
    void rejectsACapBelowTheInitialDelay() {
        assertThatThrownBy(() -> new Backoff(100, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(0, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
