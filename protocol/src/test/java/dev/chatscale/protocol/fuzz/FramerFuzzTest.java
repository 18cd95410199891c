package dev.chatscale.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatscale.protocol.wire.LineFramer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Coverage-guided fuzzing of {@link LineFramer} (issue 7 item 9).
 *
 * <p>Input: byte 0 picks the bound (512 or 600 bytes) and byte 1 seeds the chunk sizes; the rest is
 * the TCP stream. {@code ./mvnw verify} replays the committed inputs under
 * {@code src/test/resources/dev/chatscale/protocol/fuzz/FramerFuzzTestInputs/}; a fuzzing run is
 * {@code JAZZER_FUZZ=1 ./mvnw test -pl protocol -Dtest=FramerFuzzTest}.
 */
class FramerFuzzTest {

    /**
     * Whole, byte by byte, or in random chunks, the same stream gives the same outcome, and that
     * outcome is the one a plain reference model computes: the non-empty segments between CR/LF
     * bytes in order, each within the bound; a segment over the bound (terminated or not) stops the
     * stream with the flood signal after the lines before it. The framer never holds more than the
     * bound, holds no buffer when nothing is pending, and drops its state on a flood.
     */
    @FuzzTest(maxDuration = "10m")
    void anySplitOfAStreamGivesTheModelsLines(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int limit = (data[0] & 1) == 0 ? 512 : 600;
        byte[] stream = Arrays.copyOfRange(data, 2, data.length);
        Outcome expected = model(stream, limit);

        assertThat(feed(stream, limit, new int[] {stream.length})).as("whole").isEqualTo(expected);
        int[] ones = new int[stream.length];
        Arrays.fill(ones, 1);
        assertThat(feed(stream, limit, ones)).as("byte by byte").isEqualTo(expected);
        SplittableRandom random = new SplittableRandom(data[1]);
        List<Integer> sizes = new ArrayList<>();
        for (int left = stream.length; left > 0; ) {
            int n = Math.min(left, random.nextInt(random.nextBoolean() ? 8 : 2 * limit) + 1);
            sizes.add(n);
            left -= n;
        }
        int[] chunks = sizes.stream().mapToInt(Integer::intValue).toArray();
        assertThat(feed(stream, limit, chunks)).as("chunks %s", sizes).isEqualTo(expected);
    }

    /** Lines delivered (Latin-1, so every byte survives), whether it flooded, bytes left pending. */
    private record Outcome(List<String> lines, boolean flood, int pending) {}

    private static Outcome model(byte[] stream, int limit) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= stream.length; i++) {
            boolean terminator = i < stream.length && (stream[i] == '\r' || stream[i] == '\n');
            if (i - start > limit) {
                return new Outcome(lines, true, 0);
            }
            if (terminator) {
                if (i > start) {
                    lines.add(new String(stream, start, i - start, StandardCharsets.ISO_8859_1));
                }
                start = i + 1;
            }
        }
        return new Outcome(lines, false, stream.length - start);
    }

    private static Outcome feed(byte[] stream, int limit, int[] chunks) {
        LineFramer framer = new LineFramer(limit);
        List<String> lines = new ArrayList<>();
        LineFramer.LineSink sink = (buf, off, len) -> {
            assertThat(len).isBetween(1, limit);
            String line = new String(buf, off, len, StandardCharsets.ISO_8859_1);
            assertThat(line).doesNotContain("\r", "\n");
            lines.add(line);
        };
        int off = 0;
        for (int n : chunks) {
            // The caller's buffer has other bytes around the chunk: the framer must stay in bounds.
            byte[] buf = new byte[n + 4];
            Arrays.fill(buf, (byte) '\n');
            System.arraycopy(stream, off, buf, 2, n);
            off += n;
            boolean ok = framer.feed(buf, 2, n, sink);
            Arrays.fill(buf, (byte) 0); // lines are only valid during the call: nothing may alias buf later
            assertThat(framer.bufferCapacity()).isLessThanOrEqualTo(limit);
            assertThat(framer.pendingBytes()).isLessThanOrEqualTo(limit);
            if (!framer.hasPending()) {
                assertThat(framer.bufferCapacity()).as("no buffer held while idle").isZero();
            }
            if (!ok) {
                assertThat(framer.pendingBytes()).as("state dropped on a flood").isZero();
                assertThat(framer.bufferCapacity()).isZero();
                return new Outcome(lines, true, 0);
            }
        }
        return new Outcome(lines, false, framer.pendingBytes());
    }
}
