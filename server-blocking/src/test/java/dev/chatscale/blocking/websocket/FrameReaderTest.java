package dev.chatscale.blocking.websocket;

import static dev.chatscale.blocking.websocket.WireBytes.BINARY;
import static dev.chatscale.blocking.websocket.WireBytes.CLOSE;
import static dev.chatscale.blocking.websocket.WireBytes.CONTINUATION;
import static dev.chatscale.blocking.websocket.WireBytes.FIN;
import static dev.chatscale.blocking.websocket.WireBytes.PING;
import static dev.chatscale.blocking.websocket.WireBytes.PONG;
import static dev.chatscale.blocking.websocket.WireBytes.TEXT;
import static dev.chatscale.blocking.websocket.WireBytes.bytes;
import static dev.chatscale.blocking.websocket.WireBytes.concat;
import static dev.chatscale.blocking.websocket.WireBytes.masked;
import static dev.chatscale.blocking.websocket.WireBytes.unmasked;
import static dev.chatscale.blocking.websocket.WireBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatscale.blocking.websocket.WireBytes.Frame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FrameReaderTest {
    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private FrameWriter writer = new FrameWriter(out);
    private final List<String> messages = new ArrayList<>();
    private final List<byte[]> rawMessages = new ArrayList<>();

    private FrameReader reader(byte[] wire, boolean oneByteAtATime) {
        return new FrameReader(
                oneByteAtATime ? WireBytes.oneByteAtATime(wire) : new ByteArrayInputStream(wire),
                writer,
                (buf, off, len) -> {
                    rawMessages.add(Arrays.copyOfRange(buf, off, off + len));
                    messages.add(new String(buf, off, len, StandardCharsets.UTF_8));
                });
    }

    /** Reads until the reader reports the end; returns how many messages it delivered. */
    private int readToEnd(FrameReader reader) throws IOException {
        int n = 0;
        while (reader.readMessage()) {
            n++;
        }
        return n;
    }

    private List<Frame> sent() {
        return WireBytes.parseServerFrames(out.toByteArray());
    }

    /** Feeds the bytes (whole and byte by byte) and expects a violation with this close code. */
    private void assertViolation(byte[] wire, int closeCode) {
        for (boolean oneByte : new boolean[] {false, true}) {
            out = new ByteArrayOutputStream();
            writer = new FrameWriter(out); // a fresh connection: one close frame each
            messages.clear();
            FrameReader reader = reader(wire, oneByte);
            assertThatThrownBy(() -> readToEnd(reader))
                    .isInstanceOfSatisfying(WebSocketException.class,
                            e -> assertThat(e.closeCode()).isEqualTo(closeCode));
            List<Frame> frames = sent();
            assertThat(frames).as("close frame sent").isNotEmpty();
            Frame last = frames.getLast();
            assertThat(last.firstByte()).isEqualTo(FIN | CLOSE);
            assertThat(last.closeCode()).isEqualTo(closeCode);
        }
    }

    // --- RFC 6455 §5.7 examples -------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsTheRfcMaskedHelloExample(boolean oneByte) throws IOException {
        byte[] rfc = bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
        assertThat(readToEnd(reader(rfc, oneByte))).isEqualTo(1);
        assertThat(messages).containsExactly("Hello");
        assertThat(out.size()).as("nothing answered").isZero();
    }

    @Test
    void refusesTheRfcUnmaskedHelloExampleFromAClient() {
        assertViolation(bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f), CloseCodes.PROTOCOL_ERROR);
        assertThat(messages).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void reassemblesTheRfcFragmentedHelExample(boolean oneByte) throws IOException {
        byte[] hel = masked(TEXT, utf8("Hel"));
        byte[] lo = masked(FIN | CONTINUATION, utf8("lo"));
        assertThat(Arrays.copyOf(hel, 2)).containsExactly(0x01, 0x83);
        assertThat(Arrays.copyOf(lo, 2)).containsExactly(0x80, 0x82);
        assertThat(readToEnd(reader(concat(hel, lo), oneByte))).isEqualTo(1);
        assertThat(messages).containsExactly("Hello");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void answersAPingWithAPongCarryingTheSamePayload(boolean oneByte) throws IOException {
        byte[] ping = masked(FIN | PING, utf8("Hello"));
        assertThat(readToEnd(reader(ping, oneByte))).isZero();
        // RFC 6455 §5.7: "Unmasked Ping request and masked Ping response" - our pong is unmasked.
        assertThat(out.toByteArray()).containsExactly(0x8a, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
    }

    @Test
    void ignoresTheRfcMaskedPongExample() throws IOException {
        byte[] rfcPong = bytes(0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
        assertThat(readToEnd(reader(concat(rfcPong, masked(FIN | TEXT, utf8("after"))), false))).isEqualTo(1);
        assertThat(messages).containsExactly("after");
        assertThat(out.size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void reads256BytesWithA16BitLength(boolean oneByte) throws IOException {
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        byte[] frame = masked(FIN | BINARY, payload);
        assertThat(Arrays.copyOf(frame, 4)).containsExactly(0x82, 0xFE, 0x01, 0x00);
        assertThat(readToEnd(reader(frame, oneByte))).isEqualTo(1);
        assertThat(rawMessages.getFirst()).isEqualTo(payload);
    }

    @Test
    void refuses64KiBWithA64BitLengthAsTooBigBeforeReadingThePayload() {
        // The RFC's 64 KiB example header, masked; no payload follows: the length alone decides.
        byte[] header = bytes(0x82, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0, 0x37, 0xfa, 0x21, 0x3d);
        assertViolation(header, CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void parsesA64BitLengthThatIsSmall() throws IOException {
        assertThat(readToEnd(reader(masked(FIN | TEXT, utf8("Hello"), 64), true))).isEqualTo(1);
        assertThat(messages).containsExactly("Hello");
    }

    @Test
    void parsesA16BitLengthThatIsSmall() throws IOException {
        assertThat(readToEnd(reader(masked(FIN | TEXT, utf8("Hi"), 16), false))).isEqualTo(1);
        assertThat(messages).containsExactly("Hi");
    }

    @Test
    void refusesA64BitLengthWithTheHighBitSet() {
        byte[] header = bytes(0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 5, 0x37, 0xfa, 0x21, 0x3d);
        assertViolation(header, CloseCodes.PROTOCOL_ERROR);
    }

    // --- messages, fragments, trailing data ------------------------------------------------

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void deliversBackToBackMessagesOneAtATime(boolean oneByte) throws IOException {
        byte[] wire = concat(masked(FIN | TEXT, utf8("NICK a")), masked(FIN | TEXT, utf8("")),
                masked(FIN | BINARY, utf8("USER a 0 * :A")));
        FrameReader reader = reader(wire, oneByte);
        assertThat(reader.readMessage()).isTrue();
        assertThat(messages).containsExactly("NICK a");
        assertThat(reader.readMessage()).isTrue();
        assertThat(reader.readMessage()).isTrue();
        assertThat(messages).containsExactly("NICK a", "", "USER a 0 * :A");
        assertThat(reader.readMessage()).as("clean EOF between frames").isFalse();
        assertThat(reader.readMessage()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void answersAPingInterleavedBetweenFragments(boolean oneByte) throws IOException {
        byte[] wire = concat(masked(TEXT, utf8("PRIV")), masked(FIN | PING, utf8("p1")),
                masked(CONTINUATION, utf8("MSG #c ")), masked(FIN | PONG, utf8("x")),
                masked(FIN | CONTINUATION, utf8(":hi")));
        assertThat(readToEnd(reader(wire, oneByte))).isEqualTo(1);
        assertThat(messages).containsExactly("PRIVMSG #c :hi");
        List<Frame> answers = sent();
        assertThat(answers).hasSize(1);
        assertThat(answers.getFirst().firstByte()).isEqualTo(FIN | PONG);
        assertThat(answers.getFirst().text()).isEqualTo("p1");
    }

    @Test
    void acceptsAMessageOfExactlyTheLimitAcrossFragments() throws IOException {
        byte[] half = new byte[FrameReader.MAX_MESSAGE_BYTES / 2];
        Arrays.fill(half, (byte) 'a');
        assertThat(readToEnd(reader(concat(masked(TEXT, half), masked(FIN | CONTINUATION, half)), false)))
                .isEqualTo(1);
        assertThat(rawMessages.getFirst()).hasSize(FrameReader.MAX_MESSAGE_BYTES);
    }

    @Test
    void aMessageOfOneByteFragmentsCostsLinearNotQuadraticAllocation() throws IOException {
        // 8192 fragments of 1 byte: growing the message array to the exact size each time copied
        // ~34 MB for this 8 KiB message (found by FrameReaderFuzzTest); doubling copies < 32 KiB.
        int n = FrameReader.MAX_MESSAGE_BYTES;
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(masked(TEXT, utf8("a")));
        for (int i = 1; i < n - 1; i++) {
            wire.writeBytes(masked(CONTINUATION, utf8("b")));
        }
        wire.writeBytes(masked(FIN | CONTINUATION, utf8("c")));
        FrameReader reader = new FrameReader(new ByteArrayInputStream(wire.toByteArray()), writer,
                (buf, off, len) -> rawMessages.add(Arrays.copyOfRange(buf, off, off + len)));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(tid);
        assertThat(reader.readMessage()).isTrue();
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(rawMessages.getFirst()).hasSize(n);
        assertThat(rawMessages.getFirst()[n / 2]).isEqualTo((byte) 'b');
        assertThat(allocated).as("bytes allocated reading one %d-byte message", n).isLessThan(256 * 1024);
    }

    @Test
    void refusesASingleFrameOverTheLimit() {
        assertViolation(masked(FIN | TEXT, new byte[FrameReader.MAX_MESSAGE_BYTES + 1]), CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void refusesFragmentsThatTogetherExceedTheLimit() {
        byte[] wire = concat(masked(TEXT, new byte[4096]), masked(FIN | CONTINUATION, new byte[4097]));
        assertViolation(wire, CloseCodes.MESSAGE_TOO_BIG);
        assertThat(messages).isEmpty();
    }

    @Test
    void acceptsASingleFrameOfExactlyTheLimit() throws IOException {
        assertThat(readToEnd(reader(masked(FIN | BINARY, new byte[FrameReader.MAX_MESSAGE_BYTES]), false)))
                .isEqualTo(1);
    }

    @Test
    void theSinkMayKeepTheMessageArray() throws IOException {
        List<byte[]> kept = new ArrayList<>();
        FrameReader reader = new FrameReader(new ByteArrayInputStream(concat(
                masked(FIN | TEXT, utf8("one")), masked(FIN | TEXT, utf8("two")))), writer,
                (buf, off, len) -> kept.add(buf));
        readToEnd(reader);
        assertThat(new String(kept.get(0), 0, 3, StandardCharsets.US_ASCII)).isEqualTo("one");
        assertThat(new String(kept.get(1), 0, 3, StandardCharsets.US_ASCII)).isEqualTo("two");
    }

    // --- protocol violations ---------------------------------------------------------------

    @Test
    void refusesEachReservedBit() {
        for (int rsv : new int[] {0x40, 0x20, 0x10}) {
            assertViolation(masked(FIN | rsv | TEXT, utf8("x")), CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void refusesUnknownOpcodes() {
        for (int opcode : new int[] {0x3, 0x7, 0xB, 0xF}) {
            assertViolation(masked(FIN | opcode, utf8("x")), CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void refusesAContinuationWithNothingToContinue() {
        assertViolation(masked(FIN | CONTINUATION, utf8("x")), CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void refusesANewMessageInsideAFragmentedOne() {
        assertViolation(concat(masked(TEXT, utf8("a")), masked(FIN | TEXT, utf8("b"))), CloseCodes.PROTOCOL_ERROR);
        assertViolation(concat(masked(BINARY, utf8("a")), masked(BINARY, utf8("b"))), CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void refusesAFragmentedControlFrame() {
        assertViolation(masked(PING, utf8("x")), CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void refusesAControlFrameOver125Bytes() {
        assertViolation(masked(FIN | PING, new byte[126]), CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void acceptsAControlFrameOfExactly125Bytes() throws IOException {
        assertThat(readToEnd(reader(masked(FIN | PING, new byte[125]), false))).isZero();
        assertThat(sent().getFirst().payload()).hasSize(125);
    }

    @Test
    void refusesAnUnmaskedFrameOfOnlyTwoBytesWithoutWaitingForMore() {
        // An unmasked empty ping: the reader must decide from the first two bytes.
        assertViolation(bytes(0x89, 0x00), CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void refusesInvalidUtf8InATextMessage() {
        assertViolation(masked(FIN | TEXT, bytes('a', 0xC3, 0x28)), CloseCodes.INVALID_PAYLOAD);
        assertViolation(masked(FIN | TEXT, bytes(0xED, 0xA0, 0x80)), CloseCodes.INVALID_PAYLOAD); // surrogate
        assertViolation(masked(FIN | TEXT, bytes(0xC0, 0xAF)), CloseCodes.INVALID_PAYLOAD); // overlong '/'
    }

    @Test
    void refusesInvalidUtf8SplitAcrossFragments() {
        // E2 82 starts a 3-byte sequence; the next fragment breaks it with '('.
        assertViolation(concat(masked(TEXT, bytes('a', 0xE2, 0x82)), masked(FIN | CONTINUATION, bytes(0x28))),
                CloseCodes.INVALID_PAYLOAD);
        assertThat(messages).isEmpty();
    }

    @Test
    void refusesATextMessageThatEndsInsideACharacter() {
        assertViolation(concat(masked(TEXT, bytes('a')), masked(FIN | CONTINUATION, bytes(0xE2, 0x82))),
                CloseCodes.INVALID_PAYLOAD);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void acceptsACharacterSplitAcrossFragments(boolean oneByte) throws IOException {
        byte[] euro = utf8("€"); // E2 82 AC
        byte[] wire = concat(masked(TEXT, bytes('1', euro[0])), masked(CONTINUATION, bytes(euro[1])),
                masked(FIN | CONTINUATION, bytes(euro[2], '!')));
        assertThat(readToEnd(reader(wire, oneByte))).isEqualTo(1);
        assertThat(messages).containsExactly("1€!");
    }

    @Test
    void deliversBinaryMessagesWithoutCheckingUtf8() throws IOException {
        assertThat(readToEnd(reader(masked(FIN | BINARY, bytes('a', 0xC3, 0x28)), false))).isEqualTo(1);
        assertThat(rawMessages.getFirst()).containsExactly('a', 0xC3, 0x28);
    }

    // --- closing ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void answersACloseFrameByEchoingItsCode(boolean oneByte) throws IOException {
        byte[] wire = concat(masked(FIN | CLOSE, concat(bytes(0x03, 0xE9), utf8("bye"))),
                masked(FIN | TEXT, utf8("never read")));
        FrameReader reader = reader(wire, oneByte);
        assertThat(reader.readMessage()).isFalse();
        assertThat(reader.readMessage()).isFalse();
        assertThat(messages).isEmpty();
        assertThat(out.toByteArray()).containsExactly(0x88, 0x02, 0x03, 0xE9);
        assertThat(writer.closeSent()).isTrue();
    }

    @Test
    void answersAnEmptyCloseFrameWithAnEmptyOne() throws IOException {
        assertThat(readToEnd(reader(masked(FIN | CLOSE, new byte[0]), false))).isZero();
        assertThat(out.toByteArray()).containsExactly(0x88, 0x00);
    }

    @Test
    void refusesACloseFrameWithAOneBytePayload() {
        assertViolation(masked(FIN | CLOSE, bytes(0x03)), CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void refusesCloseCodesNotAllowedOnTheWire() {
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 2999, 5000}) {
            assertViolation(masked(FIN | CLOSE, bytes(code >>> 8, code)), CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void refusesACloseReasonThatIsNotUtf8() {
        assertViolation(masked(FIN | CLOSE, bytes(0x03, 0xE8, 0xFF)), CloseCodes.INVALID_PAYLOAD);
    }

    @Test
    void doesNotAnswerThePeersCloseAfterClosingFirstAndDropsLateMessages() throws IOException {
        writer.writeClose(CloseCodes.NORMAL, "bye");
        out.reset();
        byte[] wire = concat(masked(FIN | TEXT, utf8("late line")), masked(FIN | PING, utf8("p")),
                masked(FIN | CLOSE, bytes(0x03, 0xE8)));
        assertThat(readToEnd(reader(wire, false))).isZero();
        assertThat(messages).isEmpty();
        assertThat(out.size()).as("no second close frame, no pong after close").isZero();
    }

    // --- end of stream ---------------------------------------------------------------------

    @Test
    void reportsEofInsideAFrameHeaderPayloadOrLength() {
        byte[] frame = masked(FIN | TEXT, new byte[300]); // 2 + 2 + 4 + 300 bytes
        for (int cut : new int[] {1, 3, 5, 8, 100, frame.length - 1}) {
            FrameReader reader = reader(Arrays.copyOf(frame, cut), true);
            assertThatThrownBy(reader::readMessage).isInstanceOf(EOFException.class)
                    .isNotInstanceOf(WebSocketException.class);
            assertThat(messages).isEmpty();
        }
    }

    @Test
    void reportsEofInsideAFragmentedMessage() {
        FrameReader reader = reader(masked(TEXT, utf8("PRIV")), false);
        assertThatThrownBy(reader::readMessage).isInstanceOf(EOFException.class)
                .hasMessageContaining("fragmented");
        assertThat(messages).isEmpty();
    }

    @Test
    void reportsACleanEofBetweenFramesAsTheEnd() throws IOException {
        assertThat(reader(new byte[0], false).readMessage()).isFalse();
        assertThat(out.size()).isZero();
    }
}
