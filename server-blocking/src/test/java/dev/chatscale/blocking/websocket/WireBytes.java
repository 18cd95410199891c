package dev.chatscale.blocking.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: build client frames byte by byte, parse server frames, odd input streams. */
public final class WireBytes {
    /** The masking key of the RFC 6455 §5.7 examples. */
    static final byte[] RFC_MASK = bytes(0x37, 0xfa, 0x21, 0x3d);

    static final int FIN = 0x80;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CONTINUATION = 0x0;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private WireBytes() {}

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A masked client frame: first byte as given (FIN, RSV, opcode), minimal length encoding. */
    static byte[] masked(int firstByte, byte[] payload) {
        int enc = payload.length <= 125 ? 7 : payload.length <= 0xFFFF ? 16 : 64;
        return masked(firstByte, payload, enc);
    }

    /** A masked client frame with the length in the 7-, 16- or 64-bit form given. */
    static byte[] masked(int firstByte, byte[] payload, int lengthBits) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        writeLength(out, 0x80, payload.length, lengthBits);
        out.writeBytes(RFC_MASK);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ RFC_MASK[i & 3]);
        }
        return out.toByteArray();
    }

    /** An unmasked frame (what servers send; a protocol error from a client). */
    static byte[] unmasked(int firstByte, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int enc = payload.length <= 125 ? 7 : payload.length <= 0xFFFF ? 16 : 64;
        writeLength(out, 0, payload.length, enc);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int maskBit, long length, int bits) {
        switch (bits) {
            case 7 -> out.write(maskBit | (int) length);
            case 16 -> {
                out.write(maskBit | 126);
                out.write((int) (length >>> 8));
                out.write((int) length);
            }
            default -> {
                out.write(maskBit | 127);
                for (int i = 7; i >= 0; i--) {
                    out.write((int) (length >>> (8 * i)));
                }
            }
        }
    }

    /** One parsed server frame. */
    record Frame(int firstByte, byte[] payload) {
        int opcode() {
            return firstByte & 0x0F;
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    /** Parses unmasked server frames; fails on a masked or truncated frame. */
    static List<Frame> parseServerFrames(byte[] wire) {
        List<Frame> frames = new ArrayList<>();
        int p = 0;
        while (p < wire.length) {
            int b0 = wire[p] & 0xFF;
            int b1 = wire[p + 1] & 0xFF;
            if ((b1 & 0x80) != 0) {
                throw new AssertionError("server frame is masked");
            }
            p += 2;
            long len = b1 & 0x7F;
            if (len == 126) {
                len = ((wire[p] & 0xFF) << 8) | (wire[p + 1] & 0xFF);
                p += 2;
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | (wire[p + i] & 0xFF);
                }
                p += 8;
            }
            if (p + len > wire.length) {
                throw new AssertionError("truncated server frame");
            }
            frames.add(new Frame(b0, Arrays.copyOfRange(wire, p, (int) (p + len))));
            p += (int) len;
        }
        return frames;
    }

    /** An input stream that hands out at most one byte per read call, as a slow network might. */
    public static InputStream oneByteAtATime(byte[] data) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < data.length ? data[pos++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (pos >= data.length) {
                    return -1;
                }
                b[off] = data[pos++];
                return 1;
            }
        };
    }

    /** Reads everything a stream has, for asserting on what a reader left unread. */
    static byte[] drain(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
