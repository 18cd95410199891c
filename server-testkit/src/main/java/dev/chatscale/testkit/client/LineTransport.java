package dev.chatscale.testkit.client;

import java.io.IOException;

/**
 * A client-side IRC connection that moves whole lines: TCP ({@link TcpLineTransport}) or the IRCv3
 * WebSocket binding ({@link WebSocketLineTransport}). Received lines go to the {@link LineSink}
 * given at connect time.
 *
 * <p>Thread-safety: {@link #send} may be called from several threads (sends are serialised);
 * the other methods from the test thread.
 */
public interface LineTransport extends AutoCloseable {

    /** Sends one IRC line, given without CR/LF (TCP appends CRLF; WebSocket sends one text message). */
    void send(String line) throws IOException;

    /** Whether {@link #sendRaw} is supported (only a byte stream can send partial or LF-only lines). */
    boolean supportsRawBytes();

    /** Writes bytes as they are (TCP only): partial lines, LF-only lines, invalid UTF-8. */
    void sendRaw(byte[] bytes) throws IOException;

    /** Stops consuming input, so the server's writes back up (slow-reader tests). */
    void pauseReading();

    /** Consumes input again after {@link #pauseReading()}. */
    void resumeReading();

    /** Drops the link without a goodbye (no QUIT, no close frame), like a killed client. */
    void drop();

    /** Closes politely if still open (WebSocket: close frame 1000). Idempotent. */
    @Override
    void close();
}
