package dev.chatscale.blocking;

import static dev.chatscale.blocking.Await.await;
import static dev.chatscale.testkit.client.RawSocketLines.readUntil;
import static dev.chatscale.testkit.client.RawSocketLines.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.cli.ListenSettings;
import dev.chatscale.protocol.config.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The transport as a whole, over real loopback sockets (the IRC behaviour itself is the testkit's). */
@Timeout(60)
class BlockingChatServerTest {
    private final CountingThreadFactory threads = new CountingThreadFactory(Thread.ofVirtual().factory());
    private final List<Socket> clients = new ArrayList<>();
    private BlockingChatServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.shutdown(Duration.ofSeconds(2));
        }
        for (Socket s : clients) {
            s.close();
        }
    }

    private void start(ServerConfig config, boolean webSocket) throws IOException {
        server = BlockingChatServer.start(new ListenSettings("127.0.0.1", 0,
                webSocket ? 0 : ListenSettings.NO_WEBSOCKET, config), threads);
    }

    private Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        clients.add(s);
        s.connect(address, 5_000);
        s.setSoTimeout(10_000);
        return s;
    }


    private static String readToEnd(Socket s) throws IOException {
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private Socket registered(String nick) throws IOException {
        Socket s = connect(server.ircAddress());
        send(s, "NICK " + nick + "\r\nUSER " + nick + " 0 * :" + nick + "\r\n");
        readUntil(s, " 376 " + nick);
        return s;
    }


    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean firstReader = new java.util.concurrent.atomic.AtomicBoolean(true);

    /** Starts a plain IRC server whose connection threads come from {@link #slowFirstReaderStart()}. */
    private void startWithSlowFirstReader() throws IOException {
        server = BlockingChatServer.start(new ListenSettings("127.0.0.1", 0, ListenSettings.NO_WEBSOCKET,
                ServerConfig.defaults()), slowFirstReaderStart());
    }

    /**
     * Connection threads whose first reader's {@code start()} waits for {@code release}, as starts
     * of platform threads do on a machine short of CPU; {@code firstReader} turns false once that
     * start is under way.
     */
    private java.util.concurrent.ThreadFactory slowFirstReaderStart() {
        return r -> {
            Thread t = new Thread(r) {
                @Override
                public void start() {
                    if (getName().startsWith("conn-127.0.0.1:") && firstReader.compareAndSet(true, false)) {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    super.start();
                }
            };
            t.setDaemon(true);
            return t;
        };
    }

    @Test
    void aReaderThatIsSlowToStartDoesNotHoldUpTheNextClient() throws Exception {
        startWithSlowFirstReader();
        Socket stuck = connect(server.ircAddress());
        send(stuck, "NICK stuck\r\nUSER stuck 0 * :stuck\r\n");
        await(() -> !firstReader.get()); // its reader's start is under way, and waiting
        try {
            registered("next"); // accepted and served meanwhile
        } finally {
            release.countDown();
        }
        readUntil(stuck, " 376 stuck");
    }

    @Test
    void aClientWhoseReaderStartsOnlyDuringShutdownIsStillToldWhy() throws Exception {
        startWithSlowFirstReader();
        Socket late = connect(server.ircAddress()); // accepted, counted, its reader not yet running
        await(() -> !firstReader.get() && server.openConnections() == 1);

        Thread stopper = Thread.ofPlatform().start(() -> server.shutdown(Duration.ofSeconds(3)));
        await(server::isStopping);
        release.countDown(); // the reader starts while the shutdown is under way

        assertThat(readToEnd(late)).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Server shutting down)\r\n");
        stopper.join(5_000);
        assertThat(stopper.isAlive()).isFalse();
        assertThat(server.openConnections()).isZero();
    }

    @Test
    void aClientBeyondMaxConnectionsIsToldServerFullAndAFreedSlotAdmitsTheNext() throws Exception {
        start(ServerConfig.defaults().withMaxConnections(2), false);
        Socket alice = registered("alice");
        registered("bob");

        Socket carol = connect(server.ircAddress());
        send(carol, "NICK carol\r\nUSER carol 0 * :carol\r\n");
        assertThat(readToEnd(carol)).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Server full)\r\n");

        send(alice, "QUIT :bye\r\n");
        assertThat(readToEnd(alice)).endsWith("ERROR :Closing Link: 127.0.0.1 (Quit: bye)\r\n");
        await(() -> server.openConnections() == 1);
        registered("dave");
    }

    @Test
    void anIdleWebSocketListenerDoesNotHoldBackASlotFromIrcClients() throws Exception {
        start(ServerConfig.defaults().withMaxConnections(2), true);
        registered("alice");
        registered("bob");
        Socket carol = connect(server.ircAddress());
        assertThat(readToEnd(carol)).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Server full)\r\n");
    }

    @Test
    void aWebSocketClientBeyondMaxConnectionsGets503() throws Exception {
        start(ServerConfig.defaults().withMaxConnections(1), true);
        registered("alice");
        Socket ws = connect(server.wsAddress());
        send(ws, "GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(readToEnd(ws)).startsWith("HTTP/1.1 503 ").endsWith("Server full\r\n");
    }

    @Test
    void aDroppedClientFreesItsPermitAndItsThreads() throws Exception {
        start(ServerConfig.defaults().withMaxConnections(5), false);
        Socket alice = registered("alice");
        await(() -> threads.alive() == 1);
        alice.setSoLinger(true, 0);
        alice.close(); // RST
        // all permits back but the one the acceptor holds while it waits in accept()
        await(() -> server.openConnections() == 0 && server.freePermits() == 4 && threads.alive() == 0);
    }

    @Test
    void threadsAreNamedAfterTheirConnection() throws Exception {
        start(ServerConfig.defaults(), false);
        Socket alice = registered("alice");
        assertThat(threads.made())
                .filteredOn(t -> t.getState() != Thread.State.NEW) // not the unstarted factory probe
                .filteredOn(t -> !t.getName().equals(BlockingChatServer.WARM_UP_THREAD))
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.getName()).isEqualTo("conn-127.0.0.1:" + alice.getLocalPort()));
        assertThat(server.transport()).isEqualTo("virtual-threads");
    }

    @Test
    void shutdownTellsEveryClientAndClosesEveryConnectionInTime() throws Exception {
        start(ServerConfig.defaults(), true);
        Socket alice = registered("alice");
        Socket bob = registered("bob");
        Socket silent = connect(server.ircAddress()); // never registers
        await(() -> server.openConnections() == 3);

        long started = System.nanoTime();
        server.shutdown(Duration.ofSeconds(3));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));

        assertThat(readToEnd(alice)).endsWith("ERROR :Closing Link: 127.0.0.1 (Server shutting down)\r\n");
        assertThat(readToEnd(bob)).endsWith("ERROR :Closing Link: 127.0.0.1 (Server shutting down)\r\n");
        assertThat(readToEnd(silent)).endsWith("ERROR :Closing Link: 127.0.0.1 (Server shutting down)\r\n");
        assertThat(server.openConnections()).isZero();
        server.shutdown(Duration.ofSeconds(1)); // idempotent
    }

    @Test
    void aPlatformThreadFactoryMakesAPlatformThreadsServer() throws Exception {
        server = BlockingChatServer.start(new ListenSettings("127.0.0.1", 0, ListenSettings.NO_WEBSOCKET,
                ServerConfig.defaults()), Thread.ofPlatform().daemon().factory());
        assertThat(server.transport()).isEqualTo("platform-threads");
        assertThat(server.wsAddress()).isNull();
        registered("alice");
    }
}
