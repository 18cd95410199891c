package dev.chatscale.blocking;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A connected loopback TCP pair: {@code server} is the accepted side, {@code client} the peer (tests only). */
record SocketPair(Socket server, Socket client) implements AutoCloseable {
    static SocketPair open() throws IOException {
        return open(0);
    }

    /** @param bufferBytes small socket buffers (both sides) to make a non-reading peer block writes sooner; 0 = default */
    static SocketPair open(int bufferBytes) throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            if (bufferBytes > 0) {
                listener.setReceiveBufferSize(bufferBytes);
            }
            Socket client = new Socket();
            if (bufferBytes > 0) {
                client.setReceiveBufferSize(bufferBytes);
            }
            client.connect(listener.getLocalSocketAddress(), 5_000);
            Socket server = listener.accept();
            if (bufferBytes > 0) {
                server.setSendBufferSize(bufferBytes);
            }
            client.setSoTimeout(10_000);
            return new SocketPair(server, client);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        server.close();
    }
}
