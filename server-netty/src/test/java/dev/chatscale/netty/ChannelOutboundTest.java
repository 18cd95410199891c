package dev.chatscale.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.metrics.Metrics;
import dev.chatscale.protocol.wire.EncodedLine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ChannelOutboundTest {
    private final AtomicInteger drops = new AtomicInteger();
    private final Metrics metrics = new Metrics() {
        @Override
        public void sendQueueDrop() {
            drops.incrementAndGet();
        }
    };
    private final AtomicInteger flushes = new AtomicInteger();
    private ChannelOutbound outbound;
    private PeerChannel channel;

    private void open(LineFormat format, int maxSendQ) {
        channel = new PeerChannel(
                new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void flush(ChannelHandlerContext ctx) {
                        flushes.incrementAndGet();
                        ctx.flush();
                    }
                },
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                        if (ctx.channel().isWritable()) {
                            outbound.resume();
                        }
                    }
                });
        outbound = new ChannelOutbound(channel, format,
                new OutboundSettings(maxSendQ, metrics, (ip, reason) -> line("ERROR :Closing Link: " + ip + " (" + reason + ")")));
    }

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private static EncodedLine line(String text) {
        return EncodedLine.wrap((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBurstOfLinesIsWrittenByOneDrainWithOneFlush() {
        open(LineFormat.TCP, 4096);
        assertThat(outbound.offer(line("one"))).isTrue();
        assertThat(outbound.offer(line("two"))).isTrue();
        assertThat(outbound.offer(line("three"))).isTrue();
        assertThat(channel.outboundMessages()).as("nothing is written before the drain runs").isEmpty();

        channel.runPendingTasks();

        assertThat(channel.drainJoined()).isEqualTo("one\r\ntwo\r\nthree\r\n");
        assertThat(flushes.get()).isEqualTo(1);
        assertThat(outbound.pendingBytes()).as("written bytes are reported to the SendQ").isZero();
    }

    @Test
    void tcpWritesWrapTheSharedLineArrayWithoutCopying() {
        open(LineFormat.TCP, 4096);
        EncodedLine shared = line(":alice!~a@127.0.0.1 PRIVMSG #c :hi");
        outbound.offer(shared);
        channel.runPendingTasks();

        ByteBuf written = channel.readOutbound();
        try {
            assertThat(written.hasArray()).isTrue();
            assertThat(written.array()).isSameAs(shared.array());
            assertThat(written.readableBytes()).isEqualTo(shared.length());
        } finally {
            written.release();
        }
    }

    @Test
    void drainPausesWhileTheChannelIsNotWritableAndResumesWhenItIs() {
        open(LineFormat.TCP, 64 * 1024);
        channel.writable(false);
        outbound.offer(line("held back"));
        outbound.offer(line("me too"));
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).isEmpty();
        assertThat(outbound.pendingBytes()).isEqualTo(11 + 8);

        outbound.offer(line("and me"));
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).as("no second drain while one is paused").isEmpty();

        channel.writable(true);
        channel.runPendingTasks(); // Netty fires the writability change as a task

        assertThat(channel.drainJoined()).isEqualTo("held back\r\nme too\r\nand me\r\n");
        assertThat(outbound.pendingBytes()).isZero();
    }

    @Test
    void overflowSendsClosingLinkClosesTheChannelAndRecordsTheReason() {
        open(LineFormat.TCP, 1024);
        channel.writable(false); // the peer stopped reading
        String text = "x".repeat(98); // 100 bytes with CRLF
        int accepted = 0;
        while (outbound.offer(line(text))) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(10);
        assertThat(outbound.offer(line("after"))).as("the queue is closed").isFalse();
        assertThat(outbound.closeReason()).isEqualTo("Max SendQ exceeded");
        assertThat(drops.get()).isEqualTo(1);

        channel.runPendingTasks();

        assertThat(channel.drainText()).containsExactly("ERROR :Closing Link: 127.0.0.1 (Max SendQ exceeded)\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void closeFlushesWhatIsQueuedThenClosesAndDropsLaterLines() {
        open(LineFormat.TCP, 4096);
        outbound.offer(line("ERROR :Closing Link: 127.0.0.1 (Quit: bye)"));
        outbound.close();
        assertThat(outbound.offer(line("too late"))).isFalse();
        outbound.close(); // idempotent

        channel.runPendingTasks();

        assertThat(channel.drainJoined()).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Quit: bye)\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(outbound.closeReason()).as("a session-initiated close is not a transport drop").isNull();
    }

    @Test
    void closeWritesQueuedLinesEvenWhenNotWritable() {
        open(LineFormat.TCP, 4096);
        channel.writable(false);
        outbound.offer(line("last words"));
        channel.runPendingTasks();
        outbound.close();
        channel.runPendingTasks();

        assertThat(channel.drainJoined()).isEqualTo("last words\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void closedChannelDropsQueuedLines() {
        open(LineFormat.TCP, 4096);
        outbound.offer(line("lost"));
        outbound.channelClosed();
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).isEmpty();
        assertThat(outbound.offer(line("also lost"))).isFalse();
    }

    @Test
    void webSocketTextLinesAreFramesWithoutCrlfAndCloseSends1000() {
        open(LineFormat.WS_TEXT, 4096);
        EncodedLine shared = line(":irc.local 001 alice :Welcome");
        outbound.offer(shared);
        outbound.close();
        channel.runPendingTasks();

        TextWebSocketFrame text = channel.readOutbound();
        assertThat(text.text()).isEqualTo(":irc.local 001 alice :Welcome");
        assertThat(text.content().array()).as("no copy").isSameAs(shared.array());
        text.release();
        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1000);
        close.release();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void binarySubprotocolUsesBinaryFrames() {
        open(LineFormat.forSubprotocol("binary.ircv3.net"), 4096);
        outbound.offer(line("PING :x"));
        channel.runPendingTasks();

        BinaryWebSocketFrame frame = channel.readOutbound();
        assertThat(frame.content().toString(StandardCharsets.UTF_8)).isEqualTo("PING :x");
        frame.release();
    }

    @Test
    void textSubprotocolOrNoneUsesTextFrames() {
        assertThat(LineFormat.forSubprotocol("text.ircv3.net")).isEqualTo(LineFormat.WS_TEXT);
        assertThat(LineFormat.forSubprotocol(null)).isEqualTo(LineFormat.WS_TEXT);
    }
}
