package dev.chatscale.blocking.websocket;

/**
 * WebSocket close status codes (RFC 6455 §7.4.1, IANA registry) and the rule for which codes may
 * appear in a close frame on the wire.
 *
 * <p>Constants only; thread-safe.
 */
public final class CloseCodes {
    /** 1000: normal closure (QUIT, server-initiated close). */
    public static final int NORMAL = 1000;
    /** 1001: endpoint going away (server shutdown, browser tab closed). */
    public static final int GOING_AWAY = 1001;
    /** 1002: protocol error (bad framing, unmasked client frame, reserved bits, bad opcode...). */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a data type the endpoint cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /**
     * 1005: "no status code was present". Never sent on the wire (RFC 6455 §7.4.1); passing it to
     * {@link FrameWriter#writeClose(int, String)} sends a close frame with an empty payload.
     */
    public static final int NO_STATUS = 1005;
    /** 1006: connection lost without a close frame. Never sent on the wire. */
    public static final int ABNORMAL = 1006;
    /** 1007: payload inconsistent with the message type (invalid UTF-8 in a text message). */
    public static final int INVALID_PAYLOAD = 1007;
    /** 1008: policy violation. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: message too big to process ({@link FrameReader#MAX_MESSAGE_BYTES}). */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1011: unexpected condition on the server. */
    public static final int INTERNAL_ERROR = 1011;

    private CloseCodes() {}

    /**
     * Whether {@code code} may be carried by a close frame: 1000-1003, 1007-1014 (registered) and
     * 3000-4999 (libraries and applications). 1004-1006, 1015, other values below 3000 and values
     * from 5000 up are invalid (RFC 6455 §7.4): receiving one is a protocol error.
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }
}
