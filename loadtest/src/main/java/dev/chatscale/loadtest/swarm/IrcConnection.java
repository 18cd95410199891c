package dev.chatscale.loadtest.swarm;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One raw-TCP IRC connection of the swarm: splits input into lines (LF, one trailing CR stripped)
 * and writes lines with CRLF, honouring Vert.x's write-queue contract: while
 * {@link NetSocket#writeQueueFull()} is true, lines wait in a local bounded queue that the socket's
 * drain handler flushes; a connection whose local queue overflows is closed (a load generator
 * must never buffer without bound).
 *
 * <p>Confined to the socket's Vert.x context: call {@link #send} and {@link #close} on it (or via
 * {@link #sendFromAnyThread}).
 */
final class IrcConnection {
    /** What the owner of a connection hears. Called on the connection's context. */
    interface Listener {
        void onLine(IrcConnection connection, String line);

        void onClosed(IrcConnection connection);
    }

    private final NetSocket socket;
    private final Context context;
    private final Listener listener;
    private final int maxPendingLines;
    private final ArrayDeque<String> pending = new ArrayDeque<>(); // confined to context
    private boolean drainHandlerSet; // confined to context
    private boolean closed; // confined to context

    IrcConnection(NetSocket socket, Context context, Listener listener, int maxPendingLines) {
        this.socket = socket;
        this.context = context;
        this.listener = listener;
        this.maxPendingLines = maxPendingLines;
        RecordParser parser = RecordParser.newDelimited("\n", this::onRecord);
        socket.handler(parser);
        socket.closeHandler(v -> {
            closed = true;
            listener.onClosed(this);
        });
        socket.exceptionHandler(e -> socket.close());
    }

    private void onRecord(Buffer record) {
        int len = record.length();
        if (len > 0 && record.getByte(len - 1) == '\r') {
            len--;
        }
        listener.onLine(this, record.getString(0, len, StandardCharsets.UTF_8.name()));
    }

    /** Sends one line (without CRLF); on the connection's context. */
    void send(String line) {
        if (closed) {
            return;
        }
        if (!pending.isEmpty() || socket.writeQueueFull()) {
            if (pending.size() >= maxPendingLines) {
                close();
                return;
            }
            pending.add(line);
            if (!drainHandlerSet) {
                drainHandlerSet = true;
                socket.drainHandler(v -> flush());
            }
            return;
        }
        socket.write(line + "\r\n");
    }

    /** Sends one line from any thread (hops onto the connection's context). */
    void sendFromAnyThread(String line) {
        context.runOnContext(v -> send(line));
    }

    private void flush() {
        while (!pending.isEmpty() && !closed && !socket.writeQueueFull()) {
            socket.write(pending.poll() + "\r\n");
        }
    }

    /** Runs {@code task} on the connection's context. */
    void onContext(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    /** Closes the socket; the listener hears {@code onClosed} once it is closed. */
    void close() {
        socket.close();
    }

    /** Closes from any thread. */
    void closeFromAnyThread() {
        context.runOnContext(v -> close());
    }

    /** Lines waiting for the socket's write queue to drain. */
    int pendingLines() {
        return pending.size();
    }
}
