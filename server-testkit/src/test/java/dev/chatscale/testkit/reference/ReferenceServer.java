package dev.chatscale.testkit.reference;

import dev.chatscale.protocol.config.ServerConfig;
import dev.chatscale.protocol.metrics.Metrics;
import dev.chatscale.protocol.session.Outbound;
import dev.chatscale.protocol.session.SendQueue;
import dev.chatscale.protocol.session.Session;
import dev.chatscale.protocol.state.Hub;
import dev.chatscale.protocol.wire.EncodedLine;
import dev.chatscale.testkit.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The smallest honest transport around the protocol core, for checking the suite itself before the
 * real servers exist: a virtual thread per connection reads, a virtual writer drains the SendQueue on
 * demand, one sweeper ticks every session every 50 ms. TCP only. Not a product: no connection limit,
 * no EMFILE handling, no WebSocket.
 */
final class ReferenceServer implements TestServer {

    private final Hub hub;
    private final ServerSocket listener;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final Thread sweeper;
    private volatile boolean closed;

    ReferenceServer(ServerConfig config) throws IOException {
        hub = new Hub(config, System.currentTimeMillis(), Metrics.NONE);
        listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().name("ref-acceptor").start(this::acceptLoop);
        sweeper = Thread.ofVirtual().name("ref-sweeper").start(this::sweepLoop);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                Connection c = new Connection(socket);
                connections.add(c);
                Thread.ofVirtual().name("ref-reader").start(c::readLoop);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void sweepLoop() {
        while (!closed) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            for (Connection c : connections) {
                c.tick();
            }
        }
    }

    @Override
    public InetSocketAddress ircAddress() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    @Override
    public InetSocketAddress wsAddress() {
        return null;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        acceptor.interrupt();
        sweeper.interrupt();
        for (Connection c : connections) {
            c.closeSocket();
        }
    }

    /** One client: the session under {@code sessionLock}, the socket, and an Outbound over a SendQueue. */
    private final class Connection implements Outbound {
        private final Socket socket;
        private final OutputStream out;
        private final SendQueue queue;
        private final ReentrantLock sessionLock = new ReentrantLock();
        private final ReentrantLock drainLock = new ReentrantLock();
        /** Guarded by sessionLock (set once before the reader starts using it). */
        private Session session;
        /** Guarded by drainLock. */
        private boolean draining;
        /** Guarded by drainLock. */
        private boolean closing;
        private volatile String dropReason = "Remote host closed the connection";

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.queue = new SendQueue(hub.config().maxSendQBytes());
            sessionLock.lock();
            try {
                session = hub.connect(socket.getInetAddress().getHostAddress(), this, System.currentTimeMillis());
            } finally {
                sessionLock.unlock();
            }
        }

        void readLoop() {
            byte[] buf = new byte[4096];
            try (InputStream in = socket.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    sessionLock.lock();
                    try {
                        session.onBytes(buf, 0, n, System.currentTimeMillis());
                    } finally {
                        sessionLock.unlock();
                    }
                }
            } catch (IOException e) {
                // link lost: same as EOF
            }
            sessionLock.lock();
            try {
                session.onDisconnect(dropReason, System.currentTimeMillis());
            } finally {
                sessionLock.unlock();
            }
            closeSocket();
            connections.remove(this);
        }

        void tick() {
            if (sessionLock.tryLock()) {
                try {
                    if (!session.isClosed()) {
                        session.onTick(System.currentTimeMillis());
                    }
                } finally {
                    sessionLock.unlock();
                }
            }
        }

        @Override
        public boolean offer(EncodedLine line) {
            switch (queue.offer(line)) {
                case WAKE -> {
                    drainLock.lock();
                    try {
                        draining = true;
                    } finally {
                        drainLock.unlock();
                    }
                    Thread.ofVirtual().name("ref-writer").start(this::drain);
                    return true;
                }
                case QUEUED -> {
                    return true;
                }
                case OVERFLOW -> {
                    dropReason = "Max SendQ exceeded";
                    closeSocket();
                    return false;
                }
                default -> {
                    return false;
                }
            }
        }

        private void drain() {
            try {
                while (true) {
                    EncodedLine line;
                    while ((line = queue.poll()) != null) {
                        out.write(line.array(), 0, line.length());
                        queue.written(line.length());
                    }
                    out.flush();
                    drainLock.lock();
                    try {
                        if (!queue.endDrain()) {
                            draining = false;
                            if (closing) {
                                closeSocket();
                            }
                            return;
                        }
                    } finally {
                        drainLock.unlock();
                    }
                }
            } catch (IOException e) {
                closeSocket();
            }
        }

        @Override
        public void close() {
            drainLock.lock();
            try {
                closing = true;
                if (!draining) {
                    closeSocket();
                }
            } finally {
                drainLock.unlock();
            }
        }

        void closeSocket() {
            queue.close();
            try {
                socket.close();
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }
}
