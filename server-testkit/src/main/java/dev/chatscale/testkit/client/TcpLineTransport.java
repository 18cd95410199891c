package dev.chatscale.testkit.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * IRC over a plain TCP socket, the way telnet or irssi talk: UTF-8 lines terminated by CRLF.
 *
 * <p>A virtual reader thread splits input on LF (noting whether a CR preceded it) and hands lines
 * to the sink; it ends at EOF or on the first I/O error. Lines are bounded by the server, but the
 * reader caps an unterminated line at 64 KiB anyway. Thread-safe as described in {@link LineTransport}.
 */
public final class TcpLineTransport implements LineTransport {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int MAX_LINE = 64 * 1024;

    private final Socket socket;
    private final OutputStream out;
    private final LineSink sink;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ReentrantLock pauseLock = new ReentrantLock();
    private final Condition resumed = pauseLock.newCondition();
    /** Guarded by pauseLock. */
    private boolean paused;

    private TcpLineTransport(Socket socket, LineSink sink) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.sink = sink;
    }

    /**
     * Connects to {@code address}.
     *
     * @param receiveBufferBytes the socket receive buffer to request before connecting (small values
     *     make a paused reader back up the server quickly), or 0 for the system default
     */
    public static TcpLineTransport connect(InetSocketAddress address, int receiveBufferBytes, LineSink sink)
            throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.setTcpNoDelay(true);
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            TcpLineTransport transport = new TcpLineTransport(socket, sink);
            Thread.ofVirtual().name("irc-test-reader-" + socket.getLocalPort()).start(transport::readLoop);
            return transport;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void readLoop() {
        byte[] buf = new byte[8192];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (InputStream in = socket.getInputStream()) {
            while (true) {
                awaitNotPaused();
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        byte[] bytes = line.toByteArray();
                        boolean crlf = bytes.length > 0 && bytes[bytes.length - 1] == '\r';
                        int len = crlf ? bytes.length - 1 : bytes.length;
                        sink.line(new String(bytes, 0, len, StandardCharsets.UTF_8), crlf);
                        line.reset();
                    } else if (line.size() < MAX_LINE) {
                        line.write(b);
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // connection reset or closed locally: the link is over either way
        } finally {
            sink.closed();
        }
    }

    private void awaitNotPaused() throws InterruptedException {
        pauseLock.lock();
        try {
            while (paused) {
                resumed.await();
            }
        } finally {
            pauseLock.unlock();
        }
    }

    @Override
    public void send(String line) throws IOException {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("use sendRaw for CR/LF inside a line: " + line);
        }
        sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean supportsRawBytes() {
        return true;
    }

    @Override
    public void sendRaw(byte[] bytes) throws IOException {
        sendLock.lock();
        try {
            out.write(bytes);
            out.flush();
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public void pauseReading() {
        pauseLock.lock();
        try {
            paused = true;
        } finally {
            pauseLock.unlock();
        }
    }

    @Override
    public void resumeReading() {
        pauseLock.lock();
        try {
            paused = false;
            resumed.signalAll();
        } finally {
            pauseLock.unlock();
        }
    }

    @Override
    public void drop() {
        close();
    }

    @Override
    public void close() {
        resumeReading();
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do with a socket that fails to close
        }
    }
}
