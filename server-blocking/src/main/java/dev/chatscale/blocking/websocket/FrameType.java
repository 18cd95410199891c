package dev.chatscale.blocking.websocket;

/**
 * The data frame type used for IRC lines on one connection: {@link #BINARY} when the client
 * negotiated {@code binary.ircv3.net}, {@link #TEXT} otherwise ({@code text.ircv3.net} or no
 * subprotocol at all, as gamja and Kiwi IRC do).
 */
public enum FrameType {
    /** Text frames, opcode 0x1: the payload must be valid UTF-8. */
    TEXT(0x1),
    /** Binary frames, opcode 0x2. */
    BINARY(0x2);

    private final int opcode;

    FrameType(int opcode) {
        this.opcode = opcode;
    }

    /** The RFC 6455 opcode of this frame type. */
    public int opcode() {
        return opcode;
    }
}
