package dev.chatscale.testkit;

import static dev.chatscale.testkit.client.RawSocketLines.readUntil;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Out of file descriptors for real: the server runs in a child JVM under {@code ulimit -n 64} and
 * is sent more clients than it has descriptors. It must keep serving the clients it has, accept
 * the waiting ones once descriptors are freed, and take new ones afterwards.
 *
 * <p>This is how two failures were found that no in-process test showed: the virtual-thread
 * poller initialised lazily under EMFILE in server-virtual (every later read of every connection
 * failed), and a log line that needed the time zone file killed the acceptor with an {@link Error}.
 *
 * <p>Binding: one class per blocking server module, e.g.
 * {@code class DescriptorExhaustionTest extends DescriptorExhaustionSuite { protected Class<?> mainClass() { return Main.class; } }}.
 * The child is started with {@code java -cp <java.class.path> <mainClass> --port 0 --ws-port -1}.
 * (server-netty has its own test: it also checks that the acceptor does not spin, on epoll and NIO.)
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
public abstract class DescriptorExhaustionSuite {
    private static final int FD_LIMIT = 64;
    private static final int CLIENTS = 100;
    /** The last clients connected: certainly in the backlog while descriptors are exhausted. */
    private static final int WAITING_CHECKED = 20;

    /** The server module's {@code main} class, run in the child JVM. */
    protected abstract Class<?> mainClass();

    @Test
    void runningOutOfDescriptorsDelaysNewClientsButLosesNobody() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process server = new ProcessBuilder("bash", "-c", "ulimit -n " + FD_LIMIT + " && exec \"$@\"", "server",
                java, "-cp", System.getProperty("java.class.path"), mainClass().getName(),
                "--port", "0", "--ws-port", "-1")
                .redirectErrorStream(true)
                .start();
        List<Socket> clients = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertThat(ready).as("ready line").isNotNull().contains(" ready ");
            Thread.ofVirtual().start(() -> drain(out)); // keep the child's output pipe flowing
            int port = Integer.parseInt(ready.replaceAll(".* irc=[^ ]*:(\\d+) .*", "$1"));
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);

            for (int i = 0; i < CLIENTS; i++) {
                Socket s = new Socket();
                clients.add(s);
                s.connect(address, 5_000);
                s.setSoTimeout(15_000);
                send(s, "NICK n" + i + "\r\nUSER n" + i + " 0 * :n\r\n");
            }
            // all at once, as a load test does: the first clients are served while the
            // descriptors run out behind them, and stay served
            assertThat(readUntil(clients.getFirst(), " 376 ")).contains(" 001 n0 ");
            send(clients.getFirst(), "PING :still-there\r\n");
            assertThat(readUntil(clients.getFirst(), "still-there")).contains("PONG");

            // ~50 descriptors fit, so about half the clients wait in the kernel's backlog
            for (Socket s : clients.subList(1, CLIENTS - WAITING_CHECKED)) {
                s.close(); // frees the server's descriptors (and empties the backlog of these)
            }
            for (Socket s : clients.subList(CLIENTS - WAITING_CHECKED, CLIENTS)) {
                assertThat(readUntil(s, " 376 ")).as("a client that waited in the backlog").contains(" 001 ");
            }
            try (Socket late = new Socket()) {
                late.connect(address, 5_000);
                late.setSoTimeout(15_000);
                send(late, "NICK late\r\nUSER late 0 * :late\r\n");
                assertThat(readUntil(late, " 376 ")).contains(" 001 late ");
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static void drain(BufferedReader out) {
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
