package dev.chatscale.protocol.session;

import dev.chatscale.protocol.wire.EncodedLine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** An {@link Outbound} that records lines (thread-safe) and whether it was closed. */
public final class RecordingOutbound implements Outbound {
    private final ConcurrentLinkedQueue<EncodedLine> lines = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    private volatile int closeCalls;

    @Override
    public boolean offer(EncodedLine line) {
        if (line.length() > 512) {
            throw new AssertionError("line over 512 bytes: " + line.length());
        }
        if (closed) {
            return false;
        }
        lines.add(line);
        return true;
    }

    @Override
    public void close() {
        closed = true;
        closeCalls++;
    }

    public boolean closed() {
        return closed;
    }

    public int closeCalls() {
        return closeCalls;
    }

    /** Lines received since the last call, as text without CRLF. */
    public List<String> take() {
        List<String> out = new ArrayList<>();
        EncodedLine l;
        while ((l = lines.poll()) != null) {
            out.add(l.toString());
        }
        return out;
    }

    /** Raw encoded lines since the last call. */
    public List<EncodedLine> takeEncoded() {
        List<EncodedLine> out = new ArrayList<>();
        EncodedLine l;
        while ((l = lines.poll()) != null) {
            out.add(l);
        }
        return out;
    }
}
