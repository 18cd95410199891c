package dev.chatscale.netty;

import static dev.chatscale.testkit.client.RawSocketLines.readUntil;
import static dev.chatscale.testkit.client.RawSocketLines.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.LimitedChildServer;
import java.io.IOException;
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
        List<Socket> clients = new ArrayList<>();
        try (LimitedChildServer child = LimitedChildServer.start(FD_LIMIT, List.of("--enable-native-access=ALL-UNNAMED"),
                Main.class, List.of("--transport", transport, "--workers", "1"))) {
            Process server = child.process();
            assertThat(child.readyLine()).contains("transport=" + transport);

            // One client registered first: the server has then loaded the classes registration needs.
            // The child runs from class directories (one open() per class loaded), not from its
            // already-open jar, so a class first needed under EMFILE would fail to load; with the jar
            // (production) that cannot happen.
            Socket first = child.register("first");
            clients.add(first);
            assertThat(readUntil(first, " 376 ")).contains(" 001 first ");

            for (int i = 0; i < CLIENTS; i++) {
                clients.add(child.register("n" + i));
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
            try (Socket late = child.register("late")) {
                assertThat(readUntil(late, " 376 ")).contains(" 001 late ");
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
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
}
