package dev.chatscale.threaded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.blocking.BlockingChatServer;
import dev.chatscale.cli.ListenSettings;
import dev.chatscale.protocol.config.ServerConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cost server-threaded makes visible: each idle client holds exactly one OS thread (its
 * reader), and no writer thread lingers once the welcome burst is written.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IdleThreadedConnectionsTest {
    private static final int CLIENTS = 2_000;
    /** acceptor + sweeper + 3 reader starters, plus slack of 2 for threads the JVM may start meanwhile. */
    private static final int FIXED_PLATFORM_THREADS = 7;

    @Test
    void eachIdleClientHoldsExactlyOnePlatformThread() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int before = mx.getThreadCount();
        CountingThreadFactory threads = new CountingThreadFactory(Main.connectionThreads(ThreadedOptions.DEFAULT_STACK_SIZE));
        ServerConfig config = ServerConfig.defaults().withMaxConnections(CLIENTS + 10);
        BlockingChatServer server = BlockingChatServer.start(
                new ListenSettings("127.0.0.1", 0, ListenSettings.NO_WEBSOCKET, config), threads);
        try (RegisteredClients clients = RegisteredClients.open(server.ircAddress(), CLIENTS)) {
            threads.awaitAlive(CLIENTS, Duration.ofSeconds(30)); // welcome-burst writers have ended

            int added = mx.getThreadCount() - before;
            System.out.printf("threaded: %d idle clients, %d connection threads alive (%d made), %d platform threads added%n",
                    CLIENTS, threads.alive(), threads.made().size(), added);
            assertThat(added).as("platform threads added").isBetween(CLIENTS, CLIENTS + FIXED_PLATFORM_THREADS);
            assertThat(threads.alive()).as("one reader per idle client, no writers").isEqualTo(CLIENTS);
            assertThat(threads.made()).noneMatch(Thread::isVirtual);
            assertThat(threads.made().size()).as("writers came and went").isGreaterThan(CLIENTS);
            assertThat(clients.size()).isEqualTo(CLIENTS);
        } finally {
            server.shutdown(Duration.ofSeconds(5));
        }
    }
}
