package dev.chatscale.testkit.client;

/**
 * Where a {@link LineTransport} delivers what it receives. Called from the transport's own reader
 * thread (or the WebSocket listener), one call at a time, in arrival order.
 */
public interface LineSink {

    /**
     * One received line without its terminator.
     *
     * @param text the line, decoded as UTF-8 with replacement
     * @param wellFramed whether the server framed it as the transport demands: TCP — ended with CR LF;
     *     WebSocket — one message without CR/LF (a stray terminator is stripped and reported here)
     */
    void line(String text, boolean wellFramed);

    /** The connection ended (EOF, reset or close frame); nothing follows. */
    void closed();
}
