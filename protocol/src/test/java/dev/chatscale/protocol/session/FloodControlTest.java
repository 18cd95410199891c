package dev.chatscale.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.session.TestServer.Conn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flood control wired into sessions (rate 5/s, burst 20, 8 KiB held), on the fake clock. */
class FloodControlTest {
    private final TestServer server = new TestServer(TestServer.config()
            .withFloodRate(5)
            .withFloodBurst(20)
            .withFloodMaxHeldBytes(8192));
    private final Conn alice = server.user("alice");
    private final Conn bob = server.user("bob");

    FloodControlTest() {
        alice.send("JOIN #a");
        bob.send("JOIN #a");
        quiet();
    }

    /** Lets every bucket refill and forgets what was received so far. */
    private void quiet() {
        server.advance(Duration.ofSeconds(10));
        alice.tick();
        bob.tick();
        alice.take();
        bob.take();
    }

    /** {@code count} PRIVMSGs to #a numbered from {@code first}, in one TCP read. */
    private static byte[] messages(int first, int count, int textBytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = first; i < first + count; i++) {
            String n = "m" + i + " ";
            sb.append("PRIVMSG #a :").append(n).append("x".repeat(Math.max(0, textBytes - n.length()))).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> numbers(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            int i = l.indexOf(" :m");
            if (l.contains(" PRIVMSG #a ") && i >= 0) {
                out.add(l.substring(i + 2, l.indexOf(' ', i + 2)));
            }
        }
        return out;
    }

    private static List<String> range(int first, int last) {
        List<String> out = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            out.add("m" + i);
        }
        return out;
    }

    @Test
    void burstIsHandledAtOnceAndThe21stLineWaitsForAToken() {
        alice.bytes(messages(1, 21, 10));
        assertThat(numbers(bob.take())).isEqualTo(range(1, 20));
        assertThat(alice.session.heldInputBytes()).isPositive();

        server.advance(Duration.ofMillis(199));
        alice.tick();
        assertThat(bob.take()).isEmpty();

        server.advance(Duration.ofMillis(1));
        alice.tick();
        assertThat(numbers(bob.take())).isEqualTo(List.of("m21"));
        assertThat(alice.session.heldInputBytes()).isZero();
    }

    @Test
    void heldLinesAreHandledInOrderOnTheNextInputBeforeIt() {
        alice.bytes(messages(1, 25, 10));
        assertThat(numbers(bob.take())).isEqualTo(range(1, 20));

        server.advance(Duration.ofSeconds(1)); // five tokens: m21..m25; m26 must queue behind them
        alice.bytes(messages(26, 1, 10));
        assertThat(numbers(bob.take())).isEqualTo(range(21, 25));

        server.advance(Duration.ofMillis(200));
        alice.tick();
        assertThat(numbers(bob.take())).isEqualTo(List.of("m26"));
    }

    @Test
    void heldLinesAreReleasedOnTicksWithoutFurtherInput() {
        alice.bytes(messages(1, 30, 10));
        List<String> seen = new ArrayList<>(numbers(bob.take()));
        for (int i = 0; i < 10; i++) {
            server.advance(Duration.ofMillis(200));
            alice.tick();
            seen.addAll(numbers(bob.take()));
        }
        assertThat(seen).isEqualTo(range(1, 30));
        assertThat(alice.session.isClosed()).isFalse();
    }

    @Test
    void exceedingMaxHeldBytesClosesWithExcessFlood() {
        int lineBytes = "PRIVMSG #a :".length() + 400;
        // 20 pass; 19 more are held (19 * 412 = 7828 bytes); one more would pass 8192
        alice.bytes(messages(1, 20 + 19, 400));
        assertThat(alice.session.isClosed()).isFalse();
        assertThat(alice.session.heldInputBytes()).isEqualTo(19 * lineBytes);
        alice.take();

        alice.bytes(messages(40, 1, 400));

        assertThat(alice.session.isClosed()).isTrue();
        assertThat(alice.take()).containsExactly("ERROR :Closing Link: 127.0.0.1 (Excess Flood)");
        assertThat(alice.out.closed()).isTrue();
        assertThat(alice.session.hasFloodState()).isFalse();
        List<String> bobSaw = bob.take();
        assertThat(numbers(bobSaw)).isEqualTo(range(1, 20));
        assertThat(bobSaw).contains(":alice!~alice@127.0.0.1 QUIT :Excess Flood");
        assertThat(server.hub.nickInUse("alice")).isFalse();
    }

    @Test
    void rateZeroTurnsFloodControlOff() {
        TestServer unlimited = new TestServer(TestServer.config().withoutFloodControl());
        Conn carol = unlimited.user("carol");
        Conn dave = unlimited.user("dave");
        carol.send("JOIN #a");
        dave.send("JOIN #a");
        carol.take();
        dave.take();
        carol.bytes(messages(1, 500, 100));
        assertThat(numbers(dave.take())).isEqualTo(range(1, 500));
        assertThat(carol.session.hasFloodState()).isFalse();
        assertThat(carol.session.isClosed()).isFalse();
    }

    @Test
    void pongIsNeverHeldNorCounted() {
        alice.bytes(messages(1, 21, 10)); // the bucket is empty and m21 is held
        int held = alice.session.heldInputBytes();
        for (int i = 0; i < 1_000; i++) {
            alice.send("PONG :irc.test"); // 14 KB of PONGs: held, they would close the link
        }
        assertThat(alice.session.heldInputBytes()).isEqualTo(held);
        assertThat(alice.session.isClosed()).isFalse();
        server.advance(Duration.ofMillis(200));
        alice.tick();
        assertThat(numbers(bob.take())).isEqualTo(List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10",
                "m11", "m12", "m13", "m14", "m15", "m16", "m17", "m18", "m19", "m20", "m21"));
    }

    @Test
    void otherSessionsAreNotSlowedByAFlooder() {
        alice.bytes(messages(1, 100, 10)); // 80 lines held
        bob.take();
        bob.bytes(messages(1001, 20, 10)); // bob's own bucket is full
        assertThat(numbers(alice.take())).isEqualTo(range(1001, 1020));
        assertThat(bob.session.heldInputBytes()).isZero();
    }

    @Test
    void idleSessionKeepsNoFloodState() {
        alice.send("PRIVMSG #a :hi");
        assertThat(alice.session.hasFloodState()).isTrue();
        server.advance(Duration.ofMillis(199));
        alice.tick();
        assertThat(alice.session.hasFloodState()).isTrue();
        server.advance(Duration.ofMillis(1));
        alice.tick();
        assertThat(alice.session.hasFloodState()).isFalse();
    }

    @Test
    void webSocketMessagesPassTheSameGate() {
        for (int i = 1; i <= 21; i++) {
            byte[] line = ("PRIVMSG #a :m" + i + " x").getBytes(StandardCharsets.UTF_8);
            alice.session.onMessage(line, 0, line.length, server.now);
        }
        assertThat(numbers(bob.take())).isEqualTo(range(1, 20));
        server.advance(Duration.ofMillis(200));
        byte[] ping = "PING :later".getBytes(StandardCharsets.UTF_8);
        alice.session.onMessage(ping, 0, ping.length, server.now);
        assertThat(numbers(bob.take())).isEqualTo(List.of("m21"));
    }
}
