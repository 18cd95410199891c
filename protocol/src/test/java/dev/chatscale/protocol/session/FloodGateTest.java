package dev.chatscale.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatscale.protocol.session.FloodGate.Admission;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token bucket alone, on a fake clock (epoch millis passed in). */
class FloodGateTest {
    private static final long T0 = 1_700_000_000_000L;

    private static Admission offer(FloodGate gate, String line, long now) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return gate.offer(b, 0, b.length, now);
    }

    private static List<String> drain(FloodGate gate, long now) {
        List<String> out = new ArrayList<>();
        byte[] line;
        while ((line = gate.poll(now)) != null) {
            out.add(new String(line, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void burstPassesAtOnceAndTheNextLineIsHeld() {
        FloodGate gate = new FloodGate(5, 20, 8192);
        for (int i = 1; i <= 20; i++) {
            assertThat(offer(gate, "line " + i, T0)).as("line %d", i).isEqualTo(Admission.PASS);
        }
        assertThat(offer(gate, "line 21", T0)).isEqualTo(Admission.HELD);
        assertThat(gate.hasHeld()).isTrue();
        assertThat(gate.heldBytes()).isEqualTo("line 21".length());
    }

    @Test
    void heldLineWaitsForItsTokenOneIntervalLater() {
        FloodGate gate = new FloodGate(5, 20, 8192);
        for (int i = 1; i <= 21; i++) {
            offer(gate, "line " + i, T0);
        }
        assertThat(drain(gate, T0 + 199)).isEmpty();
        assertThat(drain(gate, T0 + 200)).containsExactly("line 21");
        assertThat(gate.hasHeld()).isFalse();
        assertThat(gate.heldBytes()).isZero();
    }

    @Test
    void heldLinesComeBackInOrderAtTheRate() {
        FloodGate gate = new FloodGate(5, 20, 8192);
        for (int i = 1; i <= 30; i++) {
            offer(gate, "line " + i, T0);
        }
        assertThat(drain(gate, T0 + 1_000)).containsExactly("line 21", "line 22", "line 23", "line 24", "line 25");
        assertThat(drain(gate, T0 + 1_000)).isEmpty();
        assertThat(drain(gate, T0 + 2_000)).containsExactly("line 26", "line 27", "line 28", "line 29", "line 30");
    }

    @Test
    void lineBehindAHeldLineIsHeldEvenWhenATokenIsFree() {
        FloodGate gate = new FloodGate(5, 20, 8192);
        for (int i = 1; i <= 21; i++) {
            offer(gate, "line " + i, T0);
        }
        // a token is free at T0+200, but line 21 is still queued: line 22 must not overtake it
        assertThat(offer(gate, "line 22", T0 + 200)).isEqualTo(Admission.HELD);
        assertThat(drain(gate, T0 + 400)).containsExactly("line 21", "line 22");
    }

    @Test
    void sustainedRateIsTheConfiguredLinesPerSecond() {
        FloodGate gate = new FloodGate(5, 20, 1_000_000);
        int passed = 0;
        for (long ms = 0; ms < 10_000; ms += 10) {
            if (offer(gate, "x", T0 + ms) == Admission.PASS) {
                passed++;
            }
            passed += drain(gate, T0 + ms).size();
        }
        // the burst of 20 plus 5 per second for 10 s (the last token, at 10 s, is just outside)
        assertThat(passed).isEqualTo(20 + 50 - 1);
    }

    @Test
    void holdingBeyondMaxHeldBytesIsAnOverflow() {
        FloodGate gate = new FloodGate(1, 1, 10);
        assertThat(offer(gate, "first", T0)).isEqualTo(Admission.PASS);
        assertThat(offer(gate, "12345", T0)).isEqualTo(Admission.HELD);
        assertThat(offer(gate, "67890", T0)).isEqualTo(Admission.HELD);
        assertThat(offer(gate, "x", T0)).isEqualTo(Admission.OVERFLOW);
        assertThat(gate.heldBytes()).isEqualTo(10);
    }

    @Test
    void gateIsIdleOnlyOnceTheBucketIsFullAgainAndNothingIsHeld() {
        FloodGate gate = new FloodGate(5, 20, 8192);
        assertThat(gate.isIdle(T0)).isTrue();
        offer(gate, "a", T0);
        offer(gate, "b", T0);
        assertThat(gate.isIdle(T0 + 399)).isFalse();
        assertThat(gate.isIdle(T0 + 400)).isTrue();
    }

    @Test
    void onlyPongBypassesTheBucket() {
        for (String pong : List.of("PONG", "PONG :irc.test", "pong x", "@t=1 PONG :x", ":nick PONG :x", "@a :src pOnG y")) {
            byte[] b = pong.getBytes(StandardCharsets.US_ASCII);
            assertThat(FloodGate.bypasses(b, 0, b.length)).as(pong).isTrue();
        }
        for (String other : List.of("PING :x", "PONGS", "PON", "PRIVMSG #a :PONG", "", "@t=1", ":src")) {
            byte[] b = other.getBytes(StandardCharsets.US_ASCII);
            assertThat(FloodGate.bypasses(b, 0, b.length)).as(other).isFalse();
        }
        byte[] slice = "xxPONG :a".getBytes(StandardCharsets.US_ASCII);
        assertThat(FloodGate.bypasses(slice, 2, slice.length - 2)).isTrue();
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> new FloodGate(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FloodGate(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FloodGate(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
