package dev.chatscale.threaded;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Many registered IRC clients that then sit idle: plain sockets, no threads of their own, so the
 * test JVM's thread count is the server's. Registration reads each client's welcome burst up to
 * the end of the MOTD (376 or 422) before the next client connects. Tests only; not thread-safe.
 */
final class RegisteredClients implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    static RegisteredClients open(InetSocketAddress server, int count) throws IOException {
        RegisteredClients clients = new RegisteredClients();
        try {
            for (int i = 0; i < count; i++) {
                clients.sockets.add(register(server, "idle" + i));
            }
        } catch (IOException | RuntimeException e) {
            clients.close();
            throw e;
        }
        return clients;
    }

    private static Socket register(InetSocketAddress server, String nick) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(server, 10_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("NICK " + nick + "\r\nUSER " + nick + " 0 * :" + nick + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] buf = new byte[4096];
            while (seen.indexOf(" 376 ") < 0 && seen.indexOf(" 422 ") < 0) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new IOException(nick + ": closed before the end of the welcome burst: " + seen);
                }
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    int size() {
        return sockets.size();
    }

    @Override
    public void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }
}
