package dev.chatscale.netty;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A line-based IRC client over a blocking socket for tests; every read times out after 5 s. */
final class IrcTestClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    IrcTestClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5000);
        socket.setSoTimeout(5000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line, or null at EOF. */
    String readLine() throws IOException {
        try {
            return in.readLine();
        } catch (java.net.SocketException e) {
            return null;
        }
    }

    /** Reads lines until one contains {@code needle}; returns it. Fails at EOF. */
    String readUntil(String needle) throws IOException {
        List<String> seen = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("EOF before '" + needle + "', saw " + seen);
            }
            seen.add(line);
            if (line.contains(needle)) {
                return line;
            }
        }
    }

    /** Registers as {@code nick} and waits for the end of the welcome burst (376 or 422). */
    IrcTestClient register(String nick) throws IOException {
        send("NICK " + nick);
        send("USER " + nick + " 0 * :" + nick);
        readUntil(" 001 " + nick + " ");
        while (true) {
            String line = readUntil(" " + nick + " ");
            if (line.contains(" 376 ") || line.contains(" 422 ")) {
                return this;
            }
        }
    }

    /** Reads until EOF and returns every line seen. */
    List<String> readToEnd() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l = readLine(); l != null; l = readLine()) {
            lines.add(l);
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
