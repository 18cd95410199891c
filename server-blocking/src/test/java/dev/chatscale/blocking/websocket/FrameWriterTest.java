package dev.chatscale.blocking.websocket;

import static dev.chatscale.blocking.websocket.WireBytes.FIN;
import static dev.chatscale.blocking.websocket.WireBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatscale.blocking.websocket.WireBytes.Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FrameWriterTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final FrameWriter writer = new FrameWriter(out);

    @Test
    void writesTheRfcUnmaskedHelloExample() throws IOException {
        assertThat(writer.writeText(utf8("xHello"), 1, 5)).isTrue();
        assertThat(out.toByteArray()).containsExactly(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
    }

    @Test
    void writes256BytesWithA16BitLength() throws IOException {
        byte[] payload = new byte[256];
        writer.writeBinary(payload, 0, payload.length);
        byte[] wire = out.toByteArray();
        assertThat(Arrays.copyOf(wire, 4)).containsExactly(0x82, 0x7E, 0x01, 0x00);
        assertThat(wire).hasSize(4 + 256);
    }

    @Test
    void writes64KiBWithA64BitLength() throws IOException {
        byte[] payload = new byte[65536];
        payload[65535] = 42;
        writer.writeBinary(payload, 0, payload.length);
        byte[] wire = out.toByteArray();
        assertThat(Arrays.copyOf(wire, 10)).containsExactly(0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0);
        assertThat(wire).hasSize(10 + 65536);
        assertThat(wire[wire.length - 1]).isEqualTo((byte) 42);
    }

    @Test
    void usesTheShortestLengthFormAtEachBoundary() {
        byte[] h = new byte[10];
        assertThat(FrameWriter.encodeHeader(h, 1, 0)).isEqualTo(2);
        assertThat(FrameWriter.encodeHeader(h, 1, 125)).isEqualTo(2);
        assertThat(h[1]).isEqualTo((byte) 125);
        assertThat(FrameWriter.encodeHeader(h, 1, 126)).isEqualTo(4);
        assertThat(Arrays.copyOf(h, 4)).containsExactly(0x81, 126, 0, 126);
        assertThat(FrameWriter.encodeHeader(h, 1, 65535)).isEqualTo(4);
        assertThat(Arrays.copyOf(h, 4)).containsExactly(0x81, 126, 0xFF, 0xFF);
        assertThat(FrameWriter.encodeHeader(h, 2, 65536)).isEqualTo(10);
    }

    @Test
    void writesTheNegotiatedFrameType() throws IOException {
        writer.writeMessage(FrameType.BINARY, utf8("a"), 0, 1);
        writer.writeMessage(FrameType.TEXT, utf8("b"), 0, 1);
        List<Frame> frames = WireBytes.parseServerFrames(out.toByteArray());
        assertThat(frames).extracting(Frame::firstByte).containsExactly(FIN | 0x2, FIN | 0x1);
    }

    @Test
    void writesAPongWithTheGivenPayloadAndRefusesOversizedOnes() throws IOException {
        writer.writePong(utf8("Hello"), 0, 5);
        assertThat(out.toByteArray()).containsExactly(0x8a, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
        assertThatThrownBy(() -> writer.writePong(new byte[126], 0, 126)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesACloseFrameWithCodeAndReason() throws IOException {
        assertThat(writer.writeClose(CloseCodes.NORMAL, "bye")).isTrue();
        assertThat(out.toByteArray()).containsExactly(0x88, 0x05, 0x03, 0xE8, 'b', 'y', 'e');
    }

    @Test
    void writesAnEmptyCloseFrameForNoStatus() throws IOException {
        writer.writeClose(CloseCodes.NO_STATUS, "ignored");
        assertThat(out.toByteArray()).containsExactly(0x88, 0x00);
    }

    @Test
    void refusesToSendCloseCodesReservedOffTheWire() {
        for (int code : new int[] {CloseCodes.ABNORMAL, 1015, 999, 5000}) {
            assertThatThrownBy(() -> writer.writeClose(code, "")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(out.size()).isZero();
    }

    @Test
    void cutsALongCloseReasonAtACharacterBoundary() throws Exception {
        String reason = "é".repeat(100); // 200 bytes of 2-byte characters
        writer.writeClose(CloseCodes.GOING_AWAY, reason);
        Frame close = WireBytes.parseServerFrames(out.toByteArray()).getFirst();
        assertThat(close.payload().length).isLessThanOrEqualTo(125);
        assertThat(close.closeCode()).isEqualTo(CloseCodes.GOING_AWAY);
        String decoded = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(close.payload(), 2, close.payload().length - 2)).toString();
        assertThat(decoded).isEqualTo("é".repeat(61));
    }

    @Test
    void sendsOneCloseFrameAndNothingAfterIt() throws IOException {
        assertThat(writer.writeClose(CloseCodes.NORMAL, "")).isTrue();
        int size = out.size();
        assertThat(writer.closeSent()).isTrue();
        assertThat(writer.writeClose(CloseCodes.PROTOCOL_ERROR, "again")).isFalse();
        assertThat(writer.writeText(utf8("late"), 0, 4)).isFalse();
        assertThat(writer.writePong(utf8("p"), 0, 1)).isFalse();
        assertThat(out.size()).isEqualTo(size);
    }

    @Test
    void flushesControlFramesButLeavesDataFramesToTheCaller() throws IOException {
        int[] flushes = {0};
        FrameWriter w = new FrameWriter(new OutputStream() {
            @Override
            public void write(int b) {}

            @Override
            public void flush() {
                flushes[0]++;
            }
        });
        w.writeText(utf8("a"), 0, 1);
        assertThat(flushes[0]).isZero();
        w.writePong(utf8("a"), 0, 1);
        assertThat(flushes[0]).isEqualTo(1);
        w.flush();
        assertThat(flushes[0]).isEqualTo(2);
    }

    /**
     * A data frame is two writes (header, payload); a pong from the reader thread must never land
     * between them. The stream yields inside every write to invite interleaving.
     */
    @Test
    @Timeout(20)
    void framesFromTwoThreadsNeverInterleave() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FrameWriter shared = new FrameWriter(new OutputStream() {
            @Override
            public void write(int b) {
                sink.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) {
                    sink.write(b[off + i]);
                    if (i % 8 == 0) {
                        Thread.yield();
                    }
                }
            }
        });
        int perThread = 300;
        byte[] line = utf8(":server PRIVMSG #c :" + "x".repeat(100));
        byte[] ping = utf8("pong-data");
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<?> data = pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    shared.writeText(line, 0, line.length);
                }
                return null;
            });
            Future<?> pongs = pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    shared.writePong(ping, 0, ping.length);
                }
                return null;
            });
            data.get(15, TimeUnit.SECONDS);
            pongs.get(15, TimeUnit.SECONDS);
        }
        List<Frame> frames = WireBytes.parseServerFrames(sink.toByteArray());
        assertThat(frames).hasSize(2 * perThread);
        for (Frame f : frames) {
            if (f.opcode() == WireBytes.PONG) {
                assertThat(f.payload()).isEqualTo(ping);
            } else {
                assertThat(f.opcode()).isEqualTo(WireBytes.TEXT);
                assertThat(f.payload()).isEqualTo(line);
            }
        }
    }
}
