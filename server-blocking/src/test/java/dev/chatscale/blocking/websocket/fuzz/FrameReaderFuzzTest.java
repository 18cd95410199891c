package dev.chatscale.blocking.websocket.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatscale.blocking.websocket.CloseCodes;
import dev.chatscale.blocking.websocket.FrameReader;
import dev.chatscale.blocking.websocket.FrameWriter;
import dev.chatscale.blocking.websocket.WebSocketException;
import dev.chatscale.blocking.websocket.WireBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the blocking servers' WebSocket frame decoder (issue 7 item 9).
 *
 * <p>{@code ./mvnw verify} replays the committed inputs under
 * {@code src/test/resources/dev/chatscale/blocking/websocket/fuzz/FrameReaderFuzzTestInputs/}; a
 * fuzzing run is {@code JAZZER_FUZZ=1 ./mvnw test -pl server-blocking -am
 * -Dtest=FrameReaderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false} (new coverage lands in
 * {@code .cifuzz-corpus/}, a failing input in the Inputs directory above).
 *
 * <p>Properties checked for any bytes a client may send after the handshake:
 * <ul>
 *   <li>the reader ends with {@code false} (clean end or close frame), a {@link WebSocketException}
 *       carrying 1002, 1007 or 1009 after it sent a close frame with that code, or an
 *       {@link EOFException}; never any other exception;</li>
 *   <li>every delivered message is at most {@link FrameReader#MAX_MESSAGE_BYTES};</li>
 *   <li>what the server writes back is well-formed: unmasked pongs of at most 125 bytes and at
 *       most one close frame, last, whose reason is UTF-8;</li>
 *   <li>the outcome does not depend on how the stream is split into reads (whole vs one byte per
 *       read);</li>
 *   <li>allocation is linear in the input: at most 8 bytes per input byte plus 64 KiB (tiny
 *       fragments once cost quadratic copying, ~34 MB for an 8 KiB message).</li>
 * </ul>
 */
class FrameReaderFuzzTest {
    private static final Set<Integer> VIOLATION_CODES =
            Set.of(CloseCodes.PROTOCOL_ERROR, CloseCodes.INVALID_PAYLOAD, CloseCodes.MESSAGE_TOO_BIG);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Warm-up inputs: every path once, so class loading is not counted as the fuzz input's allocation. */
    private static final byte[][] WARM_UP = {
        {(byte) 0x81, (byte) 0x85, 1, 2, 3, 4, 'H' ^ 1, 'e' ^ 2, 'l' ^ 3, 'l' ^ 4, 'o' ^ 1}, // text
        {0x01, (byte) 0x81, 0, 0, 0, 0, 'a', (byte) 0x89, (byte) 0x80, 0, 0, 0, 0, (byte) 0x80, (byte) 0x81, 0, 0, 0, 0, 'b'},
        {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8}, // close 1000
        {(byte) 0x81, 0x05, 'H', 'e', 'l', 'l', 'o'}, // unmasked: 1002
        {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, (byte) 0xC0, (byte) 0xAF}, // bad UTF-8: 1007
        {(byte) 0x82, (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0x40, 0}, // too big: 1009
        {(byte) 0x81, (byte) 0x85, 0, 0}, // EOF inside a frame
    };

    static {
        for (int round = 0; round < 3; round++) {
            for (byte[] w : WARM_UP) {
                decode(w);
                read(new ByteArrayInputStream(w), true);
                read(WireBytes.oneByteAtATime(w), false);
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void anyBytesGiveMessagesOrAProtocolClose(byte[] wire) {
        long tid = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(tid);
        decode(wire);
        long allocated = THREADS.getThreadAllocatedBytes(tid) - before;
        // Linear: each frame's payload array, a doubling message array, a pong or close per control
        // frame, one exception; 64 KiB covers a header that announces 8 KiB before EOF.
        assertThat(allocated)
                .as("bytes allocated decoding %d input bytes", wire.length)
                .isLessThanOrEqualTo(8L * wire.length + 64 * 1024);

        Outcome whole = read(new ByteArrayInputStream(wire), true);
        Outcome byteByByte = read(WireBytes.oneByteAtATime(wire), false);
        assertThat(byteByByte).as("the same bytes read one at a time").isEqualTo(whole);
    }

    /** Decodes with the cheapest sink and no checks: what the allocation bound measures. */
    private static void decode(byte[] wire) {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(wire),
                new FrameWriter(new ByteArrayOutputStream()), (buf, off, len) -> { });
        try {
            while (reader.readMessage()) {
                // next message
            }
        } catch (IOException e) {
            // checked by read()
        }
    }

    /** What a reader made of a stream: messages (length and hash), how it ended, what it sent. */
    private record Outcome(List<String> messages, String end, String sent) {}

    private static Outcome read(InputStream in, boolean checkMessages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(out);
        List<String> messages = new ArrayList<>();
        FrameReader reader = new FrameReader(in, writer, (buf, off, len) -> {
            assertThat(len).isBetween(0, FrameReader.MAX_MESSAGE_BYTES);
            messages.add(len + ":" + Arrays.hashCode(Arrays.copyOfRange(buf, off, off + len)));
        });
        String end;
        try {
            while (reader.readMessage()) {
                assertThat(messages).isNotEmpty();
            }
            assertThat(reader.readMessage()).as("after the end, readMessage stays false").isFalse();
            end = "end";
        } catch (WebSocketException e) {
            assertThat(VIOLATION_CODES).as("close code of " + e.getMessage()).contains(e.closeCode());
            assertThat(writer.closeSent()).as("a close frame was sent for " + e.getMessage()).isTrue();
            end = "close " + e.closeCode();
        } catch (EOFException e) {
            end = "eof";
        } catch (IOException e) {
            throw new AssertionError("unexpected I/O failure from in-memory streams", e);
        }
        if (checkMessages) {
            checkServerFrames(out.toByteArray());
        }
        return new Outcome(messages, end, Arrays.toString(out.toByteArray()));
    }

    /** The server side only ever writes well-formed, unmasked frames: pongs and at most one close. */
    private static void checkServerFrames(byte[] wire) {
        int p = 0;
        int closes = 0;
        while (p < wire.length) {
            assertThat(wire.length - p).isGreaterThanOrEqualTo(2);
            int b0 = wire[p] & 0xFF;
            int b1 = wire[p + 1] & 0xFF;
            assertThat(b1 & 0x80).as("server frames are unmasked").isZero();
            int len = b1 & 0x7F;
            assertThat(len).as("control frames carry at most 125 bytes").isLessThanOrEqualTo(125);
            assertThat(b0).isIn(0x8A, 0x88); // FIN + pong, FIN + close
            assertThat(closes).as("nothing after the close frame").isZero();
            if (b0 == 0x88) {
                closes++;
                if (len >= 2) {
                    assertThat(isUtf8(Arrays.copyOfRange(wire, p + 4, p + 2 + len))).isTrue();
                }
            }
            p += 2 + len;
        }
        assertThat(p).isEqualTo(wire.length);
    }

    private static boolean isUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
