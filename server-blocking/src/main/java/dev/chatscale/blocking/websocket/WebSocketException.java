package dev.chatscale.blocking.websocket;

import java.io.IOException;
import java.io.Serial;

/**
 * The peer broke RFC 6455: thrown by {@link FrameReader#readMessage()} after it has sent (best
 * effort) a close frame carrying {@link #closeCode()}. The caller only has to close the socket and
 * report the disconnect.
 *
 * <p>Immutable.
 */
public final class WebSocketException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int closeCode;

    /**
     * @param closeCode the close status sent to the peer, one of {@link CloseCodes}
     * @param message a short description of the violation, for logs
     */
    public WebSocketException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    /** The close status sent to the peer (e.g. {@link CloseCodes#PROTOCOL_ERROR}). */
    public int closeCode() {
        return closeCode;
    }
}
