package dev.chatscale.testkit;

import static dev.chatscale.testkit.client.RawSocketLines.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server's {@code main} in a child JVM under {@code ulimit -n <limit>}, IRC on an ephemeral port,
 * WebSocket off: for tests that run a server out of file descriptors for real. The child's output
 * is echoed with a {@code [server]} prefix. Tests only; not thread-safe.
 */
public final class LimitedChildServer implements AutoCloseable {
    private final Process process;
    private final String readyLine;
    private final InetSocketAddress ircAddress;

    private LimitedChildServer(Process process, String readyLine, InetSocketAddress ircAddress) {
        this.process = process;
        this.readyLine = readyLine;
        this.ircAddress = ircAddress;
    }

    /**
     * Starts {@code java <jvmOptions> -cp <this JVM's class path> <mainClass> --port 0 --ws-port -1
     * <serverFlags>} under {@code ulimit -n fdLimit} and waits for its ready line.
     */
    public static LimitedChildServer start(int fdLimit, List<String> jvmOptions, Class<?> mainClass,
            List<String> serverFlags) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + fdLimit + " && exec \"$@\"",
                "server", ProcessHandle.current().info().command().orElseThrow()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName(),
                "--port", "0", "--ws-port", "-1"));
        command.addAll(serverFlags);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        assertThat(ready).as("ready line").isNotNull().contains(" ready ");
        Thread.ofVirtual().start(() -> echo(out)); // keep the child's output pipe flowing
        int port = Integer.parseInt(ready.replaceAll(".* irc=[^ ]*:(\\d+) .*", "$1"));
        return new LimitedChildServer(process, ready, new InetSocketAddress("127.0.0.1", port));
    }

    public String readyLine() {
        return readyLine;
    }

    public Process process() {
        return process;
    }

    /**
     * Connects a client (15 s read timeout) and sends {@code NICK}/{@code USER} for {@code nick},
     * without waiting for the welcome: a client the server cannot accept yet waits in the backlog.
     */
    public Socket register(String nick) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(ircAddress, 5_000);
            s.setSoTimeout(15_000);
            send(s, "NICK " + nick + "\r\nUSER " + nick + " 0 * :" + nick + "\r\n");
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Ends the child: SIGTERM, then SIGKILL if it is still there after 10 s (or if interrupted). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }

    private static void echo(BufferedReader out) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("[server] " + line);
            }
        } catch (IOException e) {
            // the child ended
        }
    }
}
