package dev.chatscale.netty;

import static dev.chatscale.testkit.client.RawSocketLines.readUntil;
import static dev.chatscale.testkit.client.RawSocketLines.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Out of file descriptors for real: the server's {@code main} runs in a child JVM under
 * {@code ulimit -n 128} and is sent more clients than it has descriptors. While clients wait in
 * the backlog the acceptor must neither die nor spin (Netty's {@code ServerBootstrap} acceptor
 * turns auto-read off for 1 s after a failed accept, and this test holds it to that: the child's
 * CPU time over 2 s of exhaustion stays far below what a spinning accept loop burns, about one
 * core); connected clients keep being served; once clients close, the waiting ones and a new one
 * register. Runs on epoll (skipped where it does not load) and NIO.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DescriptorExhaustionTest {
    private static final int FD_LIMIT = 128;
    private static final int CLIENTS = 200;
    /** The last clients connected: certainly in the backlog while descriptors are exhausted. */
    private static final int WAITING_CHECKED = 20;
    /** CPU the whole child JVM may use in {@link #CPU_WINDOW} while exhausted; a spinning acceptor uses ~the window. */
    private static final Duration CPU_BOUND = Duration.ofMillis(700);
    private static final Duration CPU_WINDOW = Duration.ofSeconds(2);

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void runningOutOfDescriptorsNeitherKillsNorSpinsTheAcceptor(String transport) throws Exception {
        if (transport.equals("epoll")) {
            Assumptions.assumeTrue(io.netty.channel.epoll.Epoll.isAvailable(), "epoll not available here");
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process server = new ProcessBuilder("bash", "-c", "ulimit -n " + FD_LIMIT + " && exec \"$@\"", "server",
                java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", "0", "--ws-port", "-1", "--transport", transport, "--workers", "1")
                .redirectErrorStream(true)
                .start();
        List<Socket> clients = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertThat(ready).as("ready line").isNotNull().contains(" ready ").contains("transport=" + transport);
            Thread.ofVirtual().start(() -> drain(out)); // keep the child's output pipe flowing
            int port = Integer.parseInt(ready.replaceAll(".* irc=[^ ]*:(\\d+) .*", "$1"));
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);

            // One client registered first: the server has then loaded the classes registration needs.
            // The child runs from class directories (one open() per class loaded), not from its
            // already-open jar, so a class first needed under EMFILE would fail to load; with the jar
            // (production) that cannot happen.
            Socket first = new Socket();
            clients.add(first);
            first.connect(address, 5_000);
            first.setSoTimeout(15_000);
            send(first, "NICK first\r\nUSER first 0 * :first\r\n");
            assertThat(readUntil(first, " 376 ")).contains(" 001 first ");

            for (int i = 0; i < CLIENTS; i++) {
                Socket s = new Socket();
                clients.add(s);
                s.connect(address, 5_000);
                s.setSoTimeout(15_000);
                send(s, "NICK n" + i + "\r\nUSER n" + i + " 0 * :n\r\n");
            }
            // all at once, as a load test does: the first clients are served while the
            // descriptors run out behind them, and stay served
            assertThat(readUntil(clients.get(1), " 376 ")).contains(" 001 n0 ");
            assertThat(readWithin(clients.getLast(), Duration.ofMillis(500)))
                    .as("the last client waits in the backlog: nothing received (else the limit was not reached)")
                    .isEmpty();

            long cpuBefore = cpuMillis(server);
            Thread.sleep(CPU_WINDOW);
            long cpuUsed = cpuMillis(server) - cpuBefore;
            assertThat(cpuUsed).as("child CPU ms in %s ms with clients waiting for descriptors", CPU_WINDOW.toMillis())
                    .isLessThan(CPU_BOUND.toMillis());
            assertThat(server.isAlive()).as("server alive").isTrue();
            send(first, "PING :still-there\r\n");
            assertThat(readUntil(first, "still-there")).as("a connected client is still served").contains("PONG");

            for (Socket s : clients.subList(2, clients.size() - WAITING_CHECKED)) {
                s.close(); // frees the server's descriptors (and empties the backlog of these)
            }
            for (Socket s : clients.subList(clients.size() - WAITING_CHECKED, clients.size())) {
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
            server.toHandle().destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long cpuMillis(Process p) {
        return p.toHandle().info().totalCpuDuration().orElseThrow(() -> new AssertionError("no CPU time for the child"))
                .toMillis();
    }


    /** Whatever arrives within {@code wait} (empty if nothing), leaving the socket's timeout as it was. */
    private static String readWithin(Socket s, Duration wait) throws IOException {
        int timeout = s.getSoTimeout();
        s.setSoTimeout((int) wait.toMillis());
        try {
            byte[] buf = new byte[4096];
            int n = s.getInputStream().read(buf);
            return n < 0 ? "(EOF)" : new String(buf, 0, n, StandardCharsets.UTF_8);
        } catch (java.net.SocketTimeoutException e) {
            return "";
        } finally {
            s.setSoTimeout(timeout);
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
