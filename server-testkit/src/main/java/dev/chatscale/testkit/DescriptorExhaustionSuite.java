package dev.chatscale.testkit;

import static dev.chatscale.testkit.client.RawSocketLines.readUntil;
import static dev.chatscale.testkit.client.RawSocketLines.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
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
 * The child is started by {@link LimitedChildServer}.
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
        List<Socket> clients = new ArrayList<>();
        try (LimitedChildServer server = LimitedChildServer.start(FD_LIMIT, List.of(), mainClass(), List.of())) {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(server.register("n" + i));
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
            try (Socket late = server.register("late")) {
                assertThat(readUntil(late, " 376 ")).contains(" 001 late ");
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
    }
}
