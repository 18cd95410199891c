package dev.chatscale.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.config.ServerConfig;
import dev.chatscale.protocol.metrics.CounterMetrics;
import dev.chatscale.protocol.state.Hub;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link IrcConnectionHandler} on {@link io.netty.channel.embedded.EmbeddedChannel}s with the real core and a fake clock. */
@Timeout(10)
class IrcConnectionHandlerTest {
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final List<PeerChannel> channels = new ArrayList<>();
    private final CounterMetrics metrics = new CounterMetrics();
    private ServerContext server;

    private void serve(ServerConfig config) {
        server = new ServerContext(new Hub(config.withServerName("irc.test"), clock.get(), metrics), clock::get);
    }

    private PeerChannel connect() {
        if (server == null) {
            serve(ServerConfig.defaults());
        }
        PeerChannel c = new PeerChannel(new IrcConnectionHandler(server));
        channels.add(c);
        return c;
    }

    @AfterEach
    void closeAll() {
        channels.forEach(PeerChannel::finishAndReleaseAll);
    }

    private static void sendDirect(PeerChannel c, String text) {
        ByteBuf buf = Unpooled.directBuffer();
        buf.writeCharSequence(text, StandardCharsets.UTF_8);
        c.writeInbound(buf);
    }

    /** Runs the channel's pending tasks (drains) and returns what it wrote since the last call. */
    private static String output(PeerChannel c) {
        c.runPendingTasks();
        return c.drainJoined();
    }

    private PeerChannel registered(String nick) {
        PeerChannel c = connect();
        sendDirect(c, "NICK " + nick + "\r\nUSER " + nick + " 0 * :" + nick + "\r\n");
        assertThat(output(c)).contains(" 001 " + nick + " ");
        return c;
    }

    @Test
    void bytesFromADirectBufferBecomeLinesOut() {
        PeerChannel c = connect();
        sendDirect(c, "NICK alice\r\nUSER alice 0 * :Alice\r\n");

        String out = output(c);
        assertThat(out).startsWith(":irc.test 001 alice :Welcome").contains("\r\n:irc.test 002 alice ");
        assertThat(metrics.snapshot().bytesIn()).isEqualTo("NICK alice\r\nUSER alice 0 * :Alice\r\n".length());
        assertThat(metrics.snapshot().bytesOut()).isEqualTo(out.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aLineSplitAcrossDirectAndHeapReadsIsFramedOnce() {
        PeerChannel c = connect();
        sendDirect(c, "NICK al");
        c.writeInbound(Unpooled.wrappedBuffer("ice\nUSER alice 0 * :A\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(output(c)).contains(" 001 alice ");
    }

    @Test
    void readBuffersAreReleased() {
        PeerChannel c = connect();
        ByteBuf buf = Unpooled.directBuffer();
        buf.writeCharSequence("PING :x\r\n", StandardCharsets.UTF_8);
        c.writeInbound(buf);
        assertThat(buf.refCnt()).isZero();
    }

    @Test
    void outputWaitsWhileTheChannelIsNotWritableAndFollowsWhenItIs() {
        PeerChannel c = registered("alice");
        c.writable(false);
        sendDirect(c, "PING :are-you-there\r\n");
        assertThat(output(c)).isEmpty();

        c.writable(true);

        assertThat(output(c)).isEqualTo(":irc.test PONG irc.test :are-you-there\r\n");
    }

    @Test
    void closedConnectionQuitsToChannelPeersAsRemoteHostClosed() {
        PeerChannel alice = registered("alice");
        PeerChannel bob = registered("bob");
        sendDirect(alice, "JOIN #c\r\n");
        sendDirect(bob, "JOIN #c\r\n");
        output(bob);
        output(alice);

        bob.close();
        bob.runPendingTasks();

        assertThat(output(alice)).isEqualTo(":bob!~bob@127.0.0.1 QUIT :Remote host closed the connection\r\n");
        assertThat(server.hub().connectionCount()).isEqualTo(1);
        assertThat(server.limiter().inUse()).isEqualTo(1);
    }

    @Test
    void sendQOverflowClosesTheReaderAndQuitsToPeersAsMaxSendQExceeded() {
        serve(ServerConfig.defaults().withMaxSendQBytes(4096));
        PeerChannel alice = registered("alice");
        PeerChannel bob = registered("bob");
        sendDirect(bob, "JOIN #c\r\n");
        sendDirect(alice, "JOIN #c\r\n");
        output(bob);
        output(alice);

        bob.writable(false); // bob stopped reading
        String text = "x".repeat(400);
        for (int i = 0; i < 12; i++) {
            sendDirect(alice, "PRIVMSG #c :" + text + "\r\n");
        }
        bob.runPendingTasks();

        assertThat(bob.drainText()).last().isEqualTo("ERROR :Closing Link: 127.0.0.1 (Max SendQ exceeded)\r\n");
        assertThat(bob.isOpen()).isFalse();
        assertThat(output(alice)).isEqualTo(":bob!~bob@127.0.0.1 QUIT :Max SendQ exceeded\r\n");
        assertThat(metrics.snapshot().sendQueueDrops()).isEqualTo(1);
    }

    @Test
    void loopTickClosesAConnectionThatDoesNotRegisterInTime() {
        serve(ServerConfig.defaults().withRegistrationTimeout(Duration.ofSeconds(1)));
        PeerChannel c = connect();
        LoopState loop = server.loop(c.eventLoop());
        loop.tick();
        assertThat(output(c)).isEmpty();

        clock.addAndGet(1_500);
        loop.tick();

        assertThat(output(c)).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Registration timed out)\r\n");
        assertThat(c.isOpen()).isFalse();
        assertThat(loop.size()).isZero();
    }

    @Test
    void connectionBeyondMaxConnectionsIsRefusedWithServerFull() {
        serve(ServerConfig.defaults().withMaxConnections(1));
        PeerChannel first = registered("first");
        PeerChannel second = connect();

        assertThat(output(second)).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Server full)\r\n");
        assertThat(second.isOpen()).isFalse();

        first.close();
        first.runPendingTasks();
        registered("third");
    }

    @Test
    void shutdownTellsEveryConnectionOnTheLoopAndClosesIt() {
        PeerChannel c = registered("alice");
        server.loop(c.eventLoop()).shutdownAll(NettyChatServer.SHUTDOWN_REASON);

        assertThat(output(c)).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Server shutting down)\r\n");
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void quitFlushesTheErrorLineThenCloses() {
        PeerChannel c = registered("alice");
        sendDirect(c, "QUIT :gone\r\nPRIVMSG alice :ignored after quit\r\n");

        assertThat(output(c)).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Quit: gone)\r\n");
        assertThat(c.isOpen()).isFalse();
        assertThat(server.hub().connectionCount()).isZero();
    }
}
