package dev.chatscale.blocking.websocket;

import java.io.InputStream;
import java.util.Objects;

/**
 * What {@link WebSocketHandshake#accept} did with one HTTP request: upgraded it (101) or answered
 * it and left the connection for the caller to close (200 info page, 400, 405, 431).
 *
 * <p>Immutable (the stream it refers to is of course not).
 */
public final class HandshakeResult {
    private final int status;
    private final String subprotocol;
    private final FrameType frameType;
    private final String reason;
    private final InputStream input;

    HandshakeResult(int status, String subprotocol, FrameType frameType, String reason, InputStream input) {
        this.status = status;
        this.subprotocol = subprotocol;
        this.frameType = Objects.requireNonNull(frameType, "frameType");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.input = input;
    }

    /** Whether the connection is now a WebSocket (101 sent); otherwise close it. */
    public boolean upgraded() {
        return status == 101;
    }

    /** The HTTP status sent: 101, 200, 400, 405 or 431. */
    public int status() {
        return status;
    }

    /**
     * The subprotocol echoed in {@code Sec-WebSocket-Protocol} ({@code text.ircv3.net} or
     * {@code binary.ircv3.net}), or {@code null} when none was offered or none offered is supported.
     */
    public String subprotocol() {
        return subprotocol;
    }

    /** The data frame type to send IRC lines in: {@link FrameType#BINARY} only for binary.ircv3.net. */
    public FrameType frameType() {
        return frameType;
    }

    /** Why the request was not upgraded, one line for logs; empty when upgraded. */
    public String reason() {
        return reason;
    }

    /**
     * The stream to read frames from: the stream given to {@code accept} itself, unless the client
     * sent bytes right behind its request head (which then come first). {@code null} when not
     * upgraded.
     */
    public InputStream input() {
        return input;
    }

    @Override
    public String toString() {
        return "HandshakeResult[status=" + status + ", subprotocol=" + subprotocol
                + ", frameType=" + frameType + ", reason=" + reason + "]";
    }
}
