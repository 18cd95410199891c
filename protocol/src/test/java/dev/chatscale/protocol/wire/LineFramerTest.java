package dev.chatscale.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineFramerTest {
    private final LineFramer framer = new LineFramer();
    private final List<String> lines = new ArrayList<>();

    private boolean feed(byte[] b, int off, int len) {
        return framer.feed(b, off, len, (buf, o, l) -> lines.add(new String(buf, o, l, StandardCharsets.UTF_8)));
    }

    private boolean feed(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return feed(b, 0, b.length);
    }

    private void feedByteByByte(String s) {
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            assertThat(feed(new byte[] {x}, 0, 1)).isTrue();
        }
    }

    private static final String INPUT = "NICK a\r\nUSER a 0 * :A\nPING x\rPONG y\r\n\r\n\n  \nQUIT\n";
    private static final List<String> EXPECTED = List.of("NICK a", "USER a 0 * :A", "PING x", "PONG y", "  ", "QUIT");

    @Test
    void splitsOnLfCrlfAndLoneCrSkippingEmptyLinesWhenFedWhole() {
        assertThat(feed(INPUT)).isTrue();
        assertThat(lines).isEqualTo(EXPECTED);
        assertThat(framer.hasPending()).isFalse();
        assertThat(framer.bufferCapacity()).isZero();
    }

    @Test
    void sameLinesWhenFedByteByByte() {
        feedByteByByte(INPUT);
        assertThat(lines).isEqualTo(EXPECTED);
        assertThat(framer.bufferCapacity()).as("buffer released once the line completed").isZero();
    }

    @Test
    void keepsTrailingDataUntilItsTerminatorArrives() {
        assertThat(feed("NICK a\r\nUSER a 0 *")).isTrue();
        assertThat(lines).containsExactly("NICK a");
        assertThat(framer.pendingBytes()).isEqualTo(10);
        assertThat(framer.bufferCapacity()).isPositive();
        assertThat(feed(" :A\r")).isTrue();
        assertThat(lines).as("lone CR ends a line").containsExactly("NICK a", "USER a 0 * :A");
        assertThat(framer.bufferCapacity()).isZero();
    }

    @Test
    void crlfSplitAcrossReadsIsOneTerminator() {
        feed("PING a\r");
        feed("\nPING b\r");
        feed("\n");
        assertThat(lines).containsExactly("PING a", "PING b");
    }

    @Test
    void deliversSlicesOfTheCallersBufferWithoutCopying() {
        byte[] b = "xxPING a\nPING b\nyy".getBytes(StandardCharsets.UTF_8);
        List<byte[]> buffers = new ArrayList<>();
        framer.feed(b, 2, b.length - 4, (buf, o, l) -> buffers.add(buf));
        assertThat(buffers).hasSize(2).allSatisfy(buf -> assertThat(buf).isSameAs(b));
    }

    @Test
    void idleFramerHoldsNoBuffer() {
        assertThat(framer.bufferCapacity()).isZero();
        feed("PING a\r\n");
        assertThat(framer.bufferCapacity()).isZero();
    }

    @Test
    void unterminatedLineBeyondTheBoundIsAFlood() {
        String chunk = "x".repeat(1000);
        for (int i = 0; i < 8; i++) {
            assertThat(feed(chunk)).isTrue();
        }
        assertThat(feed("x".repeat(192))).isTrue(); // exactly 8192 pending
        assertThat(feed("x")).isFalse();
        assertThat(framer.bufferCapacity()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {8193, 20_000})
    void terminatedLineLongerThanTheBoundIsAFloodToo(int length) {
        assertThat(feed("x".repeat(length) + "\n")).isFalse();
        assertThat(lines).isEmpty();
    }

    @Test
    void longLinesWithinTheBoundAreDeliveredForThe417Reply() {
        String line = "PRIVMSG #c :" + "y".repeat(2000);
        feedByteByByte(line + "\r\n");
        assertThat(lines).containsExactly(line);
    }
}
