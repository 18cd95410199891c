package dev.chatscale.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatscale.cli.ListenSettings;
import dev.chatscale.protocol.config.ServerConfig;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Netty server over real loopback sockets: TCP behaviour the transport is responsible for. */
@Timeout(30)
class NettyChatServerTest {
    private NettyChatServer server;

    private NettyChatServer start(ServerConfig config, Transport transport) throws Exception {
        server = NettyChatServer.start(new ListenSettings("127.0.0.1", 0, ListenSettings.NO_WEBSOCKET, config),
                new NettyOptions(transport, 2));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown(Duration.ofSeconds(3));
        }
    }

    @Test
    void clientsRegisterAndTalkOverNio() throws Exception {
        start(ServerConfig.defaults(), Transport.NIO);
        assertThat(server.transport()).isEqualTo("nio");
        assertThat(server.wsAddress()).isNull();
        chat();
    }

    @Test
    void clientsRegisterAndTalkOverTheAutoTransport() throws Exception {
        start(ServerConfig.defaults(), Transport.AUTO);
        assertThat(server.transport()).isIn("epoll", "nio");
        chat();
    }

    private void chat() throws Exception {
        try (IrcTestClient a = new IrcTestClient(server.ircAddress()).register("alice");
                IrcTestClient b = new IrcTestClient(server.ircAddress()).register("bob")) {
            a.send("JOIN #chat");
            a.readUntil(" 366 alice #chat ");
            b.send("JOIN #chat");
            a.readUntil(":bob!~bob@127.0.0.1 JOIN #chat");
            b.send("PRIVMSG #chat :hello alice");
            assertThat(a.readUntil("PRIVMSG")).isEqualTo(":bob!~bob@127.0.0.1 PRIVMSG #chat :hello alice");
        }
    }

    @Test
    void bareLfLinesSplitAcrossWritesAreFramed() throws Exception {
        start(ServerConfig.defaults(), Transport.AUTO);
        try (Socket s = new Socket()) {
            s.connect(server.ircAddress(), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            for (byte b : "NICK nc\nUSER nc 0 * :Netcat\n".getBytes(StandardCharsets.UTF_8)) {
                out.write(b);
                out.flush();
            }
            String welcome = new String(s.getInputStream().readNBytes(200), StandardCharsets.UTF_8);
            assertThat(welcome).contains(" 001 nc ").contains("\r\n");
        }
    }

    @Test
    void droppedConnectionQuitsToChannelPeers() throws Exception {
        start(ServerConfig.defaults(), Transport.AUTO);
        try (IrcTestClient a = new IrcTestClient(server.ircAddress()).register("stayer")) {
            a.send("JOIN #room");
            a.readUntil(" 366 ");
            IrcTestClient b = new IrcTestClient(server.ircAddress()).register("leaver");
            b.send("JOIN #room");
            a.readUntil("JOIN #room");
            b.close();
            assertThat(a.readUntil(" QUIT ")).startsWith(":leaver!~leaver@127.0.0.1 QUIT ")
                    .contains("Remote host closed the connection");
        }
    }

    @Test
    void connectionsBeyondMaxConnectionsAreRefusedWithServerFull() throws Exception {
        start(ServerConfig.defaults().withMaxConnections(1), Transport.AUTO);
        try (IrcTestClient first = new IrcTestClient(server.ircAddress()).register("first");
                IrcTestClient second = new IrcTestClient(server.ircAddress())) {
            assertThat(second.readToEnd()).containsExactly("ERROR :Closing Link: 127.0.0.1 (Server full)");
            first.send("QUIT");
            first.readToEnd();
        }
        // the slot is free again once the server has seen the first client leave
        for (int i = 0; i < 500 && server.connectionsInUse() > 0; i++) {
            Thread.sleep(10);
        }
        try (IrcTestClient again = new IrcTestClient(server.ircAddress())) {
            again.register("again");
        }
    }

    @Test
    void silentConnectionIsClosedWhenRegistrationTimesOut() throws Exception {
        start(ServerConfig.defaults().withRegistrationTimeout(Duration.ofMillis(500)), Transport.AUTO);
        try (IrcTestClient c = new IrcTestClient(server.ircAddress())) {
            List<String> lines = c.readToEnd();
            assertThat(lines).last().asString().startsWith("ERROR :Closing Link: 127.0.0.1 (Registration timed out");
        }
    }

    @Test
    void clientThatStopsReadingIsDroppedWithMaxSendQExceeded() throws Exception {
        start(ServerConfig.defaults().withMaxSendQBytes(32 * 1024).withoutFloodControl(), Transport.AUTO);
        try (IrcTestClient watcher = new IrcTestClient(server.ircAddress()).register("watcher");
                IrcTestClient talker = new IrcTestClient(server.ircAddress()).register("talker");
                Socket sleeper = new Socket()) {
            watcher.send("JOIN #flood");
            watcher.readUntil(" 366 ");
            sleeper.setReceiveBufferSize(4096);
            sleeper.connect(server.ircAddress(), 5000);
            sleeper.getOutputStream().write("NICK sleeper\r\nUSER s 0 * :S\r\nJOIN #flood\r\n".getBytes(StandardCharsets.UTF_8));
            watcher.readUntil(":sleeper!~s@127.0.0.1 JOIN #flood");
            talker.send("JOIN #flood");
            watcher.readUntil(":talker!~talker@127.0.0.1 JOIN #flood");
            String text = "x".repeat(400);
            String quit = null;
            // the sleeper never reads: kernel buffers fill up, then its SendQ overflows
            for (int round = 0; round < 2000 && quit == null; round++) {
                StringBuilder burst = new StringBuilder();
                for (int i = 0; i < 19; i++) { // a burst well under the SendQ: the watcher keeps up
                    burst.append("PRIVMSG #flood :").append(text).append("\r\n");
                }
                burst.append("PRIVMSG #flood :end-").append(round);
                talker.send(burst.toString());
                String previous = null;
                while (true) {
                    String line = watcher.readLine();
                    assertThat(line).as("watcher connection after " + previous + " in round " + round).isNotNull();
                    previous = line;
                    if (line.contains(" QUIT ") && line.startsWith(":sleeper!")) {
                        quit = line;
                        break;
                    }
                    if (line.endsWith(":end-" + round)) {
                        break;
                    }
                }
            }
            assertThat(quit).startsWith(":sleeper!~s@127.0.0.1 QUIT ").contains("Max SendQ exceeded");
        }
    }

    @Test
    void shutdownSaysGoodbyeToEveryClientAndReturnsWithinTheTimeout() throws Exception {
        start(ServerConfig.defaults(), Transport.AUTO);
        try (IrcTestClient a = new IrcTestClient(server.ircAddress()).register("one");
                IrcTestClient b = new IrcTestClient(server.ircAddress())) {
            b.send("NICK two"); // not registered yet: still told
            b.send("PING :sync");
            b.readUntil("sync");
            long t0 = System.nanoTime();
            server.shutdown(Duration.ofSeconds(3));
            long took = System.nanoTime() - t0;
            assertThat(a.readToEnd()).last().isEqualTo("ERROR :Closing Link: 127.0.0.1 (Server shutting down)");
            assertThat(b.readToEnd()).last().isEqualTo("ERROR :Closing Link: 127.0.0.1 (Server shutting down)");
            assertThat(Duration.ofNanos(took)).isLessThanOrEqualTo(Duration.ofSeconds(4));
            assertThatThrownBy(() -> new IrcTestClient(server.ircAddress()).close()).isInstanceOf(java.io.IOException.class);
        }
        server = null;
    }

    @Test
    void portInUseFailsWithAddressAlreadyInUse() throws Exception {
        start(ServerConfig.defaults(), Transport.AUTO);
        InetSocketAddress taken = server.ircAddress();
        assertThatThrownBy(() -> NettyChatServer.start(new ListenSettings("127.0.0.1", taken.getPort(), -1, ServerConfig.defaults()),
                new NettyOptions(Transport.AUTO, 1)))
                .hasMessageContaining("Address already in use");
    }

    @Test
    void shutdownClosesWebSocketClientsWithTheErrorLineAndClose1000() throws Exception {
        server = NettyChatServer.start(ListenSettings.ephemeral(ServerConfig.defaults()), new NettyOptions(Transport.AUTO, 1));
        try (WsTestClient ws = WsTestClient.connect(server.wsAddress(), "/", "text.ircv3.net")) {
            ws.sendText("NICK wsbye");
            ws.sendText("USER wsbye 0 * :bye");
            ws.readUntil(" 001 ");
            ws.sendText("PING :sync");
            ws.readUntil("sync");
            server.shutdown(Duration.ofSeconds(3));
            assertThat(ws.readUntil("ERROR")).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Server shutting down)");
            assertThat(ws.readUntilClose().closeCode()).isEqualTo(1000);
        }
        server = null;
    }

    @Test
    void webSocketConnectionBeyondMaxConnectionsGetsServerFullThenClose() throws Exception {
        server = NettyChatServer.start(ListenSettings.ephemeral(ServerConfig.defaults().withMaxConnections(1)),
                new NettyOptions(Transport.AUTO, 1));
        try (IrcTestClient first = new IrcTestClient(server.ircAddress()).register("first");
                WsTestClient ws = WsTestClient.connect(server.wsAddress(), "/", null)) {
            assertThat(ws.readData().text()).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Server full)");
            assertThat(ws.readUntilClose().closeCode()).isEqualTo(1000);
            first.send("QUIT");
        }
    }

    @Test
    void concurrentSendersOnSeveralEventLoopsReachOneReaderCompleteAndInOrder() throws Exception {
        start(ServerConfig.defaults().withoutFloodControl(), Transport.AUTO); // 2 worker loops; senders flood
        int senders = 4;
        int perSender = 200;
        try (IrcTestClient reader = new IrcTestClient(server.ircAddress()).register("reader")) {
            reader.send("JOIN #busy");
            reader.readUntil(" 366 ");
            List<IrcTestClient> clients = new java.util.ArrayList<>();
            try {
                for (int s = 0; s < senders; s++) {
                    IrcTestClient c = new IrcTestClient(server.ircAddress()).register("s" + s);
                    c.send("JOIN #busy");
                    reader.readUntil(":s" + s + "!");
                    clients.add(c);
                }
                List<Thread> threads = new java.util.ArrayList<>();
                for (int s = 0; s < senders; s++) {
                    IrcTestClient c = clients.get(s);
                    threads.add(Thread.ofPlatform().start(() -> {
                        try {
                            StringBuilder b = new StringBuilder();
                            for (int i = 0; i < perSender; i++) {
                                b.append("PRIVMSG #busy :").append(i).append(i + 1 < perSender ? "\r\n" : "");
                            }
                            c.send(b.toString());
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }));
                }
                for (Thread t : threads) {
                    t.join();
                }
                int[] next = new int[senders];
                for (int n = 0; n < senders * perSender; n++) {
                    String line = reader.readUntil(" PRIVMSG #busy :");
                    int s = Integer.parseInt(line.substring(2, line.indexOf('!')));
                    int i = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
                    assertThat(i).as("message order of sender s" + s).isEqualTo(next[s]);
                    next[s]++;
                }
                assertThat(next).containsOnly(perSender);
            } finally {
                for (IrcTestClient c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void statsLineIsPrintedOnlyWhenACounterChanged() throws Exception {
        start(ServerConfig.defaults(), Transport.AUTO);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
        server.logStats(out);
        server.logStats(out);
        try (IrcTestClient c = new IrcTestClient(server.ircAddress()).register("counted")) {
            c.send("PING :sync");
            c.readUntil("sync");
            server.logStats(out);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("chatscale netty stats connections=0 opened=0 linesIn=0 linesOut=0 bytesIn=0 bytesOut=0 sendqDrops=0");
        assertThat(lines.get(1)).startsWith("chatscale netty stats connections=1 opened=1 linesIn=3 ");
    }
}
