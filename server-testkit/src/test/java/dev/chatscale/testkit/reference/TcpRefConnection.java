package dev.chatscale.testkit.reference;

import dev.chatscale.protocol.state.Hub;
import dev.chatscale.protocol.wire.EncodedLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A TCP client of the {@link ReferenceServer}: a virtual reader thread, a virtual writer on demand. */
final class TcpRefConnection extends RefConnection {
    private final Socket socket;
    private final OutputStream out;

    TcpRefConnection(Hub hub, Socket socket) throws IOException {
        super(hub);
        this.socket = socket;
        this.out = socket.getOutputStream();
        open(hub, socket.getInetAddress().getHostAddress());
    }

    void readLoop() {
        byte[] buf = new byte[4096];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                int len = n;
                withSession(s -> s.onBytes(buf, 0, len, System.currentTimeMillis()));
            }
        } catch (IOException e) {
            // link lost: same as EOF
        }
        linkLost();
    }

    @Override
    protected void startDrain() {
        Thread.ofVirtual().name("ref-writer").start(this::drain);
    }

    private void drain() {
        try {
            do {
                EncodedLine line;
                while ((line = queue.poll()) != null) {
                    out.write(line.array(), 0, line.length());
                    queue.written(line.length());
                }
                out.flush();
            } while (endDrain());
        } catch (IOException e) {
            closeTransport();
        }
    }

    @Override
    protected void abortTransport() {
        closeTransport();
    }

    @Override
    protected void closeTransport() {
        queue.close();
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
