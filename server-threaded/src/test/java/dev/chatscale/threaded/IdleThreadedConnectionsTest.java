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
 * reader); the threads that wrote the welcome bursts are reused or, once idle for the keep-alive,
 * end.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IdleThreadedConnectionsTest {
    private static final int CLIENTS = 2_000;
    /** acceptor + sweeper + 3 starters + thread retirer, plus slack of 2 for threads the JVM may start meanwhile. */
    private static final int FIXED_PLATFORM_THREADS = 8;

    @Test
    void eachIdleClientHoldsExactlyOnePlatformThread() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int before = mx.getThreadCount();
        CountingThreadFactory threads = new CountingThreadFactory(Main.connectionThreads(ThreadedOptions.DEFAULT_STACK_SIZE));
        ServerConfig config = ServerConfig.defaults().withMaxConnections(CLIENTS + 10);
        BlockingChatServer server = BlockingChatServer.start(
                new ListenSettings("127.0.0.1", 0, ListenSettings.NO_WEBSOCKET, config), threads);
        try (RegisteredClients clients = RegisteredClients.open(server.ircAddress(), CLIENTS)) {
            threads.awaitAlive(CLIENTS, Duration.ofSeconds(30)); // threads left idle by writers have ended

            int added = mx.getThreadCount() - before;
            System.out.printf("threaded: %d idle clients, %d connection threads alive (%d made), %d platform threads added%n",
                    CLIENTS, threads.alive(), threads.made().size(), added);
            assertThat(added).as("platform threads added").isBetween(CLIENTS, CLIENTS + FIXED_PLATFORM_THREADS);
            assertThat(threads.alive()).as("one reader per idle client, no writers").isEqualTo(CLIENTS);
            assertThat(threads.made()).noneMatch(Thread::isVirtual);
            // the last welcome burst was written while every reader was alive: by a thread of its own
            assertThat(threads.made().size()).as("writers came and went").isGreaterThan(CLIENTS);
            assertThat(threads.made()).filteredOn(Thread::isAlive)
                    .allSatisfy(t -> assertThat(t.getName()).startsWith("conn-127.0.0.1:"));
            assertThat(clients.size()).isEqualTo(CLIENTS);
        } finally {
            server.shutdown(Duration.ofSeconds(5));
        }
    }
}
