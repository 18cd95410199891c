package dev.chatscale.blocking.websocket;

/**
 * Receives each complete WebSocket data message (fragments already reassembled, unmasked, and for
 * text messages checked to be valid UTF-8). For IRC, one message is one line.
 *
 * <p>Called on the thread that calls {@link FrameReader#readMessage()}. The array is freshly
 * allocated for this message and never touched again by the reader: the sink may keep it.
 */
@FunctionalInterface
public interface MessageSink {
    /** One message: {@code len} bytes of {@code buf} from {@code off} ({@code len} may be 0). */
    void onMessage(byte[] buf, int off, int len);
}
