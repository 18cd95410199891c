package dev.chatscale.blocking.websocket;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads client-to-server WebSocket frames (RFC 6455 §5) from a blocking {@link InputStream},
 * reassembles fragmented messages, answers control frames, and hands each complete data message to
 * a {@link MessageSink}.
 *
 * <p>Rules enforced, each ending the connection with a close frame (sent through the
 * {@link FrameWriter}) and a {@link WebSocketException}:
 * <ul>
 *   <li>1002 protocol error: unmasked frame ("a client MUST mask all frames", §5.1); RSV1-3 set
 *       (no extension is negotiated, §5.2); unknown opcode; continuation with no message started, or
 *       a new text/binary frame inside a fragmented message (§5.4); control frame fragmented or over
 *       125 bytes (§5.5); 64-bit length with the high bit set; close frame with a 1-byte payload or a
 *       code not allowed on the wire (§7.4).</li>
 *   <li>1009 message too big: a data frame, or a reassembled message, over
 *       {@link #MAX_MESSAGE_BYTES}; detected from the header, before any payload is read.</li>
 *   <li>1007 invalid payload: a text message (checked fragment by fragment) or a close reason that is
 *       not valid UTF-8 (§8.1).</li>
 * </ul>
 * Control frames may arrive between the fragments of a message (§5.4). A ping is answered with a
 * pong carrying the same data; a pong is ignored; a close frame is answered with a close frame
 * echoing its status code (unless this side closed first) and ends the connection. Data messages
 * arriving after this side sent its close frame are discarded (§5.5.1).
 *
 * <p>Memory: between frames the reader holds only an 8-byte scratch array. Each frame's payload is
 * read into an array sized by the frame length (plus 4 bytes for the masking key, which is read
 * together with the payload to save a read call); a fragmented message grows its array by doubling
 * (so many tiny fragments cost amortised linear copying), never past {@link #MAX_MESSAGE_BYTES} + 4
 * bytes. A typical small frame costs two
 * {@code read} calls: the 2-byte header, then masking key and payload.
 *
 * <p>Thread-safety: not thread-safe; one reader thread per connection (the sink runs on it).
 */
public final class FrameReader {
    /** Largest data message accepted, in bytes (a single frame or the sum of its fragments). */
    public static final int MAX_MESSAGE_BYTES = 8192;

    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;
    private static final int MASK_LENGTH = 4;

    private final InputStream in;
    private final FrameWriter writer;
    private final MessageSink sink;
    private final byte[] scratch = new byte[8]; // frame header, then extended length
    private boolean finished;

    // A fragmented data message in progress (partial == null when none). The array always keeps
    // MASK_LENGTH spare bytes past partialLength.
    private byte[] partial;
    private int partialLength;
    private int partialOpcode;
    private int utf8State;

    /**
     * @param in the connection's input, positioned after the handshake ({@link HandshakeResult#input()})
     * @param writer the connection's frame writer, used to answer pings and close frames
     * @param sink receives each complete data message
     */
    public FrameReader(InputStream in, FrameWriter writer, MessageSink sink) {
        this.in = Objects.requireNonNull(in, "in");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Blocks until one data message has been delivered to the sink, or the connection ended.
     * Control frames are handled on the way.
     *
     * @return {@code true} after delivering one message; {@code false} when the peer closed: its
     *     close frame was received (and answered), or the stream ended cleanly between frames. After
     *     {@code false} or an exception, further calls return {@code false}.
     * @throws WebSocketException the peer broke the protocol; a close frame with
     *     {@link WebSocketException#closeCode()} was sent (best effort)
     * @throws EOFException the stream ended inside a frame or inside a fragmented message
     * @throws IOException the stream failed (reset, socket closed by another thread, timeout)
     */
    public boolean readMessage() throws IOException {
        if (finished) {
            return false;
        }
        finished = true; // until a message is delivered normally
        while (true) {
            int got = in.read(scratch, 0, 2);
            if (got < 0) {
                if (partial != null) {
                    throw new EOFException("connection closed inside a fragmented message");
                }
                return false;
            }
            if (got < 2) {
                readFully(scratch, got, 2 - got);
            }
            int first = scratch[0] & 0xFF;
            int second = scratch[1] & 0xFF;
            boolean fin = (first & 0x80) != 0;
            int opcode = first & 0x0F;
            if ((first & 0x70) != 0) {
                throw fail(CloseCodes.PROTOCOL_ERROR, "reserved bits set without a negotiated extension");
            }
            if ((second & 0x80) == 0) {
                throw fail(CloseCodes.PROTOCOL_ERROR, "client frame not masked");
            }
            boolean control = (opcode & 0x8) != 0;
            if (opcode != OP_CONTINUATION && opcode != OP_TEXT && opcode != OP_BINARY
                    && opcode != OP_CLOSE && opcode != OP_PING && opcode != OP_PONG) {
                throw fail(CloseCodes.PROTOCOL_ERROR, "unknown opcode " + opcode);
            }
            long length = second & 0x7F;
            if (control && (!fin || length > FrameWriter.MAX_CONTROL_PAYLOAD)) {
                throw fail(CloseCodes.PROTOCOL_ERROR, "control frame fragmented or over 125 bytes");
            }
            if (length == 126) {
                readFully(scratch, 0, 2);
                length = ((scratch[0] & 0xFFL) << 8) | (scratch[1] & 0xFFL);
            } else if (length == 127) {
                readFully(scratch, 0, 8);
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | (scratch[i] & 0xFFL);
                }
                if (length < 0) {
                    throw fail(CloseCodes.PROTOCOL_ERROR, "64-bit frame length with the high bit set");
                }
            }
            if (control) {
                byte[] payload = readPayload(null, 0, (int) length);
                if (handleControl(opcode, payload, (int) length)) {
                    continue;
                }
                return false;
            }
            if (readData(fin, opcode, length)) {
                finished = false;
                return true;
            }
        }
    }

    /** Reads one data frame; returns true when it completed a message that was delivered. */
    private boolean readData(boolean fin, int opcode, long length) throws IOException {
        if (opcode == OP_CONTINUATION) {
            if (partial == null) {
                throw fail(CloseCodes.PROTOCOL_ERROR, "continuation frame without a message to continue");
            }
        } else if (partial != null) {
            throw fail(CloseCodes.PROTOCOL_ERROR, "new data frame inside a fragmented message");
        }
        int base = partial == null ? 0 : partialLength;
        if (length > MAX_MESSAGE_BYTES - base) {
            throw fail(CloseCodes.MESSAGE_TOO_BIG, "message over " + MAX_MESSAGE_BYTES + " bytes");
        }
        int n = (int) length;
        byte[] buf = readPayload(partial, base, n);
        int messageOpcode = partial == null ? opcode : partialOpcode;
        int state = partial == null ? Utf8Validator.ACCEPT : utf8State;
        if (messageOpcode == OP_TEXT) {
            state = Utf8Validator.validate(state, buf, base, n);
            if (state == Utf8Validator.REJECT || (fin && state != Utf8Validator.ACCEPT)) {
                throw fail(CloseCodes.INVALID_PAYLOAD, "text message is not valid UTF-8");
            }
        }
        if (!fin) {
            partial = buf;
            partialLength = base + n;
            partialOpcode = messageOpcode;
            utf8State = state;
            return false;
        }
        partial = null;
        if (writer.closeSent()) {
            return false; // closing: data after our close frame is discarded
        }
        sink.onMessage(buf, 0, base + n);
        return true;
    }

    /** Handles a control frame; returns false when the connection is over (close frame). */
    private boolean handleControl(int opcode, byte[] payload, int n) throws IOException {
        switch (opcode) {
            case OP_PING -> writer.writePong(payload, 0, n);
            case OP_PONG -> { } // unsolicited or late pong: ignored (§5.5.3)
            case OP_CLOSE -> {
                int code = CloseCodes.NO_STATUS;
                if (n == 1) {
                    throw fail(CloseCodes.PROTOCOL_ERROR, "close frame with a 1-byte payload");
                }
                if (n >= 2) {
                    code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
                    if (!CloseCodes.isValidOnWire(code)) {
                        throw fail(CloseCodes.PROTOCOL_ERROR, "close code not allowed on the wire: " + code);
                    }
                    if (Utf8Validator.validate(Utf8Validator.ACCEPT, payload, 2, n - 2) != Utf8Validator.ACCEPT) {
                        throw fail(CloseCodes.INVALID_PAYLOAD, "close reason is not valid UTF-8");
                    }
                }
                partial = null;
                writer.writeClose(code, ""); // no-op if this side already sent its close frame
                return false;
            }
            default -> throw new AssertionError("not a control opcode: " + opcode);
        }
        return true;
    }

    /**
     * Reads masking key and payload behind {@code base} bytes of {@code buf} (a new array when
     * null), unmasks the payload in place, and returns the array holding base + n payload bytes.
     */
    private byte[] readPayload(byte[] buf, int base, int n) throws IOException {
        int needed = base + n + MASK_LENGTH;
        if (buf == null) {
            buf = new byte[needed];
        } else if (buf.length < needed) {
            // Grow by doubling (capped at the message bound), not to the exact size: a message sent
            // as many tiny fragments must cost amortised O(length), not one copy per fragment
            // (1-byte fragments of an 8 KiB message once allocated ~34 MB).
            buf = Arrays.copyOf(buf, Math.max(needed, Math.min(buf.length * 2, MAX_MESSAGE_BYTES + MASK_LENGTH)));
        }
        readFully(buf, base, MASK_LENGTH + n);
        byte m0 = buf[base];
        byte m1 = buf[base + 1];
        byte m2 = buf[base + 2];
        byte m3 = buf[base + 3];
        // Shift the payload 4 bytes left over the key while unmasking (§5.3): index i is written
        // after index i + 4 was read, so the copy in place is safe.
        int i = 0;
        for (; i + 3 < n; i += 4) {
            int src = base + MASK_LENGTH + i;
            buf[base + i] = (byte) (buf[src] ^ m0);
            buf[base + i + 1] = (byte) (buf[src + 1] ^ m1);
            buf[base + i + 2] = (byte) (buf[src + 2] ^ m2);
            buf[base + i + 3] = (byte) (buf[src + 3] ^ m3);
        }
        for (; i < n; i++) {
            byte m = switch (i & 3) {
                case 0 -> m0;
                case 1 -> m1;
                case 2 -> m2;
                default -> m3;
            };
            buf[base + i] = (byte) (buf[base + MASK_LENGTH + i] ^ m);
        }
        return buf;
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int r = in.read(b, off, len);
            if (r < 0) {
                throw new EOFException("connection closed in the middle of a frame");
            }
            off += r;
            len -= r;
        }
    }

    /** Sends the close frame for a violation (best effort) and builds the exception to throw. */
    private WebSocketException fail(int code, String message) {
        partial = null;
        try {
            writer.writeClose(code, message);
        } catch (IOException ignored) {
            // the connection is being dropped anyway; the caller learns why from the exception
        }
        return new WebSocketException(code, message);
    }
}
