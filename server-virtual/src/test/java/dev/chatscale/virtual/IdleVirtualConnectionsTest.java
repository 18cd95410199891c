package dev.chatscale.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.blocking.BlockingChatServer;
import dev.chatscale.cli.ListenSettings;
import dev.chatscale.protocol.config.ServerConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The point of server-virtual: 2,000 idle registered clients cost 2,000 parked virtual threads and
 * no more platform threads than the carriers plus a few fixed ones (acceptor, sweeper, the JDK's
 * poller and unparker). The clients are plain sockets in this JVM, without threads.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IdleVirtualConnectionsTest {
    private static final int CLIENTS = 2_000;
    /** acceptor + sweeper + 3 reader starters + the JDK's master poller and timed-unpark scheduler, plus slack of 2. */
    private static final int FIXED_PLATFORM_THREADS = 9;

    @Test
    void twoThousandIdleClientsUseOneVirtualThreadEachAndOnlyCarrierPlatformThreads() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        CountingThreadFactory threads = new CountingThreadFactory(Main.connectionThreads());
        ServerConfig config = ServerConfig.defaults().withMaxConnections(CLIENTS + 10);
        BlockingChatServer server = BlockingChatServer.start(
                new ListenSettings("127.0.0.1", 0, ListenSettings.NO_WEBSOCKET, config), threads);
        try (RegisteredClients clients = RegisteredClients.open(server.ircAddress(), CLIENTS)) {
            threads.awaitAlive(CLIENTS, Duration.ofSeconds(30)); // welcome-burst writers have ended

            Set<Thread> added = new HashSet<>(Thread.getAllStackTraces().keySet()); // platform threads only
            added.removeAll(before);
            added.removeIf(t -> !t.isAlive());
            int carriers = Runtime.getRuntime().availableProcessors();
            System.out.printf("virtual: %d idle clients, %d virtual threads alive, %d platform threads added: %s%n",
                    CLIENTS, threads.alive(), added.size(), added.stream().map(Thread::getName).sorted().toList());
            assertThat(added.size())
                    .as("new platform threads: %s", added.stream().map(Thread::getName).sorted().collect(Collectors.toList()))
                    .isLessThanOrEqualTo(carriers + FIXED_PLATFORM_THREADS);
            assertThat(threads.alive()).as("one reader per idle client, no writers").isEqualTo(CLIENTS);
            assertThat(threads.made()).allMatch(Thread::isVirtual);
            assertThat(clients.size()).isEqualTo(CLIENTS);
        } finally {
            server.shutdown(Duration.ofSeconds(5));
        }
    }
}
