package dev.chatscale.blocking;

import static dev.chatscale.blocking.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.metrics.Metrics;
import dev.chatscale.protocol.session.SendQueue;
import dev.chatscale.protocol.wire.EncodedLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SocketOutboundTest {
    private static final String NAME = "conn-test";

    private final CountingThreadFactory threads = CountingThreadFactory.virtual();
    private final AtomicInteger closedCalls = new AtomicInteger();
    private final AtomicInteger closingCalls = new AtomicInteger();
    private final LongAdder drops = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final Metrics metrics = new Metrics() {
        @Override
        public void sendQueueDrop() {
            drops.increment();
        }

        @Override
        public void bytesOut(long n) {
            bytesOut.add(n);
        }
    };
    private SocketPair pair;

    @AfterEach
    void closePair() throws IOException {
        if (pair != null) {
            pair.close();
        }
    }

    private final SocketOutbound.Owner owner = new SocketOutbound.Owner() {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public void closing() {
            closingCalls.incrementAndGet();
        }

        @Override
        public void closed() {
            assertThat(closingCalls.get()).as("closing() before closed()").isEqualTo(1);
            closedCalls.incrementAndGet();
        }
    };

    private SocketOutbound outbound(int bufferBytes, long maxSendQ) throws IOException {
        return outbound(bufferBytes, maxSendQ, Duration.ZERO, Runnable::run);
    }

    private SocketOutbound outbound() throws IOException {
        return outbound(0, 64 * 1024);
    }

    /**
     * Over a fresh socket pair with {@code bufferBytes} socket buffers (0: the system's): a SendQ of
     * {@code maxSendQ}, writers lingering {@code linger}, started on {@code starts}.
     */
    private SocketOutbound outbound(int bufferBytes, long maxSendQ, Duration linger,
            java.util.concurrent.Executor starts) throws IOException {
        pair = SocketPair.open(bufferBytes);
        return new SocketOutbound(pair.server(), new SendQueue(maxSendQ), new SocketOutbound.Shared(ConnectionThreads.fresh(threads), metrics,
                linger.toNanos(), new java.util.concurrent.atomic.AtomicBoolean(), starts), owner);
    }

    private SocketOutbound lingeringOutbound(Duration linger) throws IOException {
        return outbound(0, 64 * 1024, linger, Runnable::run);
    }

    private static EncodedLine line(String text) {
        return EncodedLine.wrap((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String readExactly(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }


    @Test
    void anIdleOutboundOwnsNoThread() throws Exception {
        SocketOutbound out = outbound();
        assertThat(out.activeWriters()).isZero();
        assertThat(threads.made()).isEmpty();
    }

    @Test
    void offeredLinesReachThePeerInOrderAndTheWriterThenEnds() throws Exception {
        SocketOutbound out = outbound();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            assertThat(out.offer(line("PRIVMSG #c :message " + i))).isTrue();
            expected.append("PRIVMSG #c :message ").append(i).append("\r\n");
        }
        InputStream in = pair.client().getInputStream();
        assertThat(readExactly(in, expected.length())).isEqualTo(expected.toString());
        await(() -> out.activeWriters() == 0 && threads.alive() == 0);
        assertThat(threads.made()).isNotEmpty().allSatisfy(t -> assertThat(t.getName()).isEqualTo(NAME));
        assertThat(bytesOut.sum()).isEqualTo(expected.length());
        assertThat(out.isClosing()).isFalse();
    }

    @Test
    void aLaterLineStartsANewWriterAfterTheLastOneEnded() throws Exception {
        SocketOutbound out = outbound();
        InputStream in = pair.client().getInputStream();
        out.offer(line("one"));
        assertThat(readExactly(in, 5)).isEqualTo("one\r\n");
        await(() -> out.activeWriters() == 0 && threads.alive() == 0);
        out.offer(line("two"));
        assertThat(readExactly(in, 5)).isEqualTo("two\r\n");
        await(() -> out.activeWriters() == 0);
        assertThat(threads.made()).hasSize(2);
    }

    @Test
    void aLingeringWriterTakesTheNextBurstWithoutANewThread() throws Exception {
        SocketOutbound out = lingeringOutbound(Duration.ofSeconds(20));
        InputStream in = pair.client().getInputStream();
        for (int i = 0; i < 5; i++) {
            out.offer(line("burst " + i));
            assertThat(readExactly(in, 9)).isEqualTo("burst " + i + "\r\n");
            Thread.sleep(20); // the writer has drained and is lingering
        }
        assertThat(threads.made()).as("one writer for five bursts").hasSize(1);
        assertThat(out.activeWriters()).as("still lingering").isEqualTo(1);
    }

    @Test
    void aLingeringWriterEndsWhenNoOutputCameWithinTheLinger() throws Exception {
        SocketOutbound out = lingeringOutbound(Duration.ofMillis(50));
        InputStream in = pair.client().getInputStream();
        out.offer(line("one"));
        assertThat(readExactly(in, 5)).isEqualTo("one\r\n");
        await(() -> out.activeWriters() == 0 && threads.alive() == 0);
        out.offer(line("two"));
        assertThat(readExactly(in, 5)).isEqualTo("two\r\n");
        assertThat(threads.made()).as("the second burst needed a new writer").hasSize(2);
        assertThat(out.isClosing()).isFalse();
    }

    @Test
    void anEndedWriterIsNotKeptReachableByTheIdleConnection() throws Exception {
        SocketOutbound out = lingeringOutbound(Duration.ofMillis(50));
        InputStream in = pair.client().getInputStream();
        out.offer(line("one"));
        assertThat(readExactly(in, 5)).isEqualTo("one\r\n");
        await(() -> out.activeWriters() == 0 && threads.alive() == 0);
        // a dead platform thread keeps its thread-locals (the NIO buffer cache) alive with it
        assertThat(out.lingeringWriter()).isNull();
    }

    @Test
    void closeEndsALingeringWriterAtOnceAndClosesTheSocket() throws Exception {
        SocketOutbound out = lingeringOutbound(Duration.ofMinutes(10));
        InputStream in = pair.client().getInputStream();
        out.offer(line("last"));
        assertThat(readExactly(in, 6)).isEqualTo("last\r\n");
        await(() -> out.activeWriters() == 1);
        out.close();
        assertThat(readAll(in)).as("end of stream, nothing more").isEmpty();
        await(() -> out.isClosed() && threads.alive() == 0);
        assertThat(closedCalls.get()).isEqualTo(1);
    }

    @Test
    void dropEndsALingeringWriter() throws Exception {
        SocketOutbound out = lingeringOutbound(Duration.ofMinutes(10));
        InputStream in = pair.client().getInputStream();
        out.offer(line("hi"));
        assertThat(readExactly(in, 4)).isEqualTo("hi\r\n");
        await(() -> out.activeWriters() == 1);
        out.drop("test");
        await(() -> out.activeWriters() == 0 && threads.alive() == 0);
        assertThat(out.dropReason()).isEqualTo("test");
    }

    @Test
    void overWebSocketCloseWithALingeringWriterStillSendsTheCloseFrame() throws Exception {
        SocketOutbound out = lingeringOutbound(Duration.ofMinutes(10));
        out.useFrames(new SocketOutbound.Frames(
                new dev.chatscale.blocking.websocket.FrameWriter(pair.server().getOutputStream()),
                dev.chatscale.blocking.websocket.FrameType.TEXT));
        InputStream in = pair.client().getInputStream();
        out.offer(line("hi"));
        assertThat(in.readNBytes(4)).containsExactly((byte) 0x81, (byte) 2, (byte) 'h', (byte) 'i');
        await(() -> out.activeWriters() == 1);
        out.close();
        byte[] close = in.readAllBytes();
        assertThat(close).containsExactly((byte) 0x88, (byte) 2, (byte) 0x03, (byte) 0xE8);
        await(() -> out.isClosed() && threads.alive() == 0);
    }

    @Test
    void manyQueuedLinesAreBatchedIntoFewWritesAndAllReleasedFromTheSendQ() throws Exception {
        SocketOutbound out = outbound(0, 1024 * 1024);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            String text = "PRIVMSG #c :" + "m".repeat(i % 300) + i;
            out.offer(line(text));
            expected.append(text).append("\r\n");
        }
        InputStream in = pair.client().getInputStream();
        assertThat(readExactly(in, expected.length())).isEqualTo(expected.toString());
        await(() -> out.activeWriters() == 0);
        assertThat(bytesOut.sum()).isEqualTo(expected.length());
    }

    @Test
    void closeFlushesWhatIsQueuedThenClosesTheSocketOnce() throws Exception {
        SocketOutbound out = outbound();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            out.offer(line("line " + i));
            expected.append("line ").append(i).append("\r\n");
        }
        out.offer(line("ERROR :Closing Link: 127.0.0.1 (Quit: bye)"));
        expected.append("ERROR :Closing Link: 127.0.0.1 (Quit: bye)\r\n");
        out.close();
        assertThat(closingCalls.get()).as("the slot is free as soon as close() is called").isEqualTo(1);
        out.close();
        assertThat(out.offer(line("too late"))).isFalse();
        assertThat(readAll(pair.client().getInputStream())).isEqualTo(expected.toString());
        await(() -> out.isClosed() && closedCalls.get() == 1); // closed() follows the state change
        assertThat(pair.server().isClosed()).isTrue();
        assertThat(closedCalls.get()).isEqualTo(1);
        assertThat(out.dropReason()).isNull();
    }

    @Test
    void closeWithNothingQueuedClosesAtOnce() throws Exception {
        SocketOutbound out = outbound();
        out.close();
        assertThat(out.isClosed()).isTrue();
        assertThat(closedCalls.get()).isEqualTo(1);
        assertThat(pair.client().getInputStream().read()).isEqualTo(-1);
        assertThat(threads.made()).isEmpty();
    }

    @Test
    void overflowDropsTheConnectionWithMaxSendQExceeded() throws Exception {
        SocketOutbound out = outbound(4 * 1024, 4 * 1024); // the peer never reads
        EncodedLine big = line("PRIVMSG #c :" + "x".repeat(400));
        int offered = 0;
        while (out.offer(big)) {
            offered++;
            assertThat(offered).as("offers before overflow").isLessThan(1_000_000);
        }
        assertThat(out.dropReason()).isEqualTo("Max SendQ exceeded");
        assertThat(drops.sum()).isEqualTo(1);
        assertThat(closingCalls.get()).isEqualTo(1);
        await(() -> out.isClosed() && threads.alive() == 0);
        assertThat(pair.server().isClosed()).isTrue();
        assertThat(closedCalls.get()).isEqualTo(1);
        assertThat(out.offer(big)).isFalse();
        assertThat(drops.sum()).isEqualTo(1);
    }

    @Test
    void aFlushToAPeerThatStopsReadingIsCutOffAfterTheGrace() throws Exception {
        SocketOutbound out = outbound(4 * 1024, 1024 * 1024); // the peer never reads
        EncodedLine big = line("PRIVMSG #c :" + "x".repeat(400));
        for (int i = 0; i < 1_000; i++) { // ~400 KB: far more than the socket buffers hold
            assertThat(out.offer(big)).isTrue();
        }
        out.close();
        assertThat(out.isClosed()).as("still flushing").isFalse();
        long grace = Duration.ofSeconds(5).toNanos();
        assertThat(out.expireClose(System.nanoTime(), grace)).as("within the grace").isFalse();
        assertThat(out.expireClose(System.nanoTime() + grace, grace)).isTrue();
        assertThat(out.dropReason()).isEqualTo("Closing flush timed out");
        await(() -> out.isClosed() && threads.alive() == 0);
        assertThat(closedCalls.get()).isEqualTo(1);
    }

    @Test
    void aWriteErrorDropsTheConnectionWithTheReason() throws Exception {
        SocketOutbound out = outbound();
        pair.client().setSoLinger(true, 0);
        pair.client().close(); // RST: writes fail with "Connection reset" or "Broken pipe"
        EncodedLine l = line("PRIVMSG #c :" + "y".repeat(400));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!out.isClosed() && System.nanoTime() < deadline) {
            out.offer(l);
            Thread.sleep(1);
        }
        assertThat(out.isClosed()).isTrue();
        assertThat(out.dropReason()).startsWith("Write error: ");
        assertThat(closedCalls.get()).isEqualTo(1);
    }

    @Test
    void overWebSocketEachLineIsOneFrameWithoutCrlfAndCloseEndsWithACloseFrame() throws Exception {
        SocketOutbound out = outbound();
        out.useFrames(new SocketOutbound.Frames(
                new dev.chatscale.blocking.websocket.FrameWriter(pair.server().getOutputStream()),
                dev.chatscale.blocking.websocket.FrameType.TEXT));
        out.offer(line("PING :a"));
        out.offer(line("ERROR :Closing Link: 127.0.0.1 (Quit: bye)"));
        out.close();
        byte[] wire = pair.client().getInputStream().readAllBytes();
        String first = "PING :a";
        String second = "ERROR :Closing Link: 127.0.0.1 (Quit: bye)";
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        for (String text : new String[] {first, second}) {
            expected.write(0x81); // FIN + text, unmasked
            expected.write(text.length());
            expected.write(text.getBytes(StandardCharsets.UTF_8));
        }
        expected.write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8}); // close, status 1000
        assertThat(wire).isEqualTo(expected.toByteArray());
        await(() -> out.isClosed() && threads.alive() == 0);
        assertThat(closedCalls.get()).isEqualTo(1);
    }

    @Test
    void overWebSocketACloseWithNothingQueuedStillSendsTheCloseFrame() throws Exception {
        SocketOutbound out = outbound();
        out.useFrames(new SocketOutbound.Frames(
                new dev.chatscale.blocking.websocket.FrameWriter(pair.server().getOutputStream()),
                dev.chatscale.blocking.websocket.FrameType.TEXT));
        out.close();
        assertThat(pair.client().getInputStream().readAllBytes())
                .isEqualTo(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8});
        await(() -> out.isClosed() && closedCalls.get() == 1); // closed() follows the state change
        assertThat(threads.made()).as("one short-lived writer sent it").hasSize(1);
    }

    /** Writer starts that wait in a queue until the test runs them: the starters of a platform-thread server. */
    private final java.util.concurrent.LinkedBlockingQueue<Runnable> pendingStarts = new java.util.concurrent.LinkedBlockingQueue<>();

    private SocketOutbound outboundWithStarters() throws IOException {
        return outbound(0, 64 * 1024, Duration.ZERO, pendingStarts::add);
    }

    @Test
    void withStartersTheOfferingThreadOnlyQueuesTheWriterStart() throws Exception {
        SocketOutbound out = outboundWithStarters();
        assertThat(out.offer(line("one"))).isTrue();
        assertThat(out.offer(line("two"))).isTrue();
        assertThat(threads.made()).as("no thread started by the offering thread").isEmpty();
        assertThat(pendingStarts).as("one start for the burst").hasSize(1);
        assertThat(out.activeWriters()).as("the pending start counts").isEqualTo(1);

        pendingStarts.take().run();
        assertThat(readExactly(pair.client().getInputStream(), 10)).isEqualTo("one\r\ntwo\r\n");
        await(() -> out.activeWriters() == 0 && threads.alive() == 0);
        assertThat(threads.made()).hasSize(1);
    }

    @Test
    void aCloseWhileTheWriterStartIsPendingStillFlushesTheQueuedLines() throws Exception {
        SocketOutbound out = outboundWithStarters();
        out.offer(line("ERROR :Closing Link: 127.0.0.1 (Quit: bye)"));
        out.close();
        assertThat(out.isClosed()).as("the pending writer flushes, then closes").isFalse();

        pendingStarts.take().run();
        assertThat(readAll(pair.client().getInputStream())).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Quit: bye)\r\n");
        await(() -> out.isClosed() && closedCalls.get() == 1);
    }

    @Test
    void aWriterStartFoundDroppedIsSkippedWithoutAThread() throws Exception {
        SocketOutbound out = outboundWithStarters();
        out.offer(line("QUIT :gone"));
        out.drop("Read error: Connection reset");

        pendingStarts.take().run();
        assertThat(threads.made()).isEmpty();
        assertThat(out.activeWriters()).isZero();
        assertThat(out.isClosed()).isTrue();
        assertThat(closedCalls.get()).isEqualTo(1);
        assertThat(out.dropReason()).isEqualTo("Read error: Connection reset");
    }

    @Test
    void startersThatRefuseLeaveTheStartToTheOfferingThread() throws Exception {
        SocketOutbound out = outbound(0, 64 * 1024, Duration.ZERO, task -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        });
        out.offer(line("ERROR :Closing Link: 127.0.0.1 (Server shutting down)"));
        assertThat(threads.made()).hasSize(1);
        assertThat(readExactly(pair.client().getInputStream(), 55))
                .isEqualTo("ERROR :Closing Link: 127.0.0.1 (Server shutting down)\r\n");
    }

    @Test
    void burstsAroundTheLingerDeadlineArriveCompleteAndInOrder() throws Exception {
        // a linger of 50 µs: offers keep landing just before, during and just after a writer's
        // linger, where a second writer may be started while the first is about to linger. Before
        // only one writer could linger, 2 runs in 5 of this test got lines out of order (and the
        // threaded conformance suite once saw a slow reader's stream jump from 3325 to 3442).
        SocketOutbound out = outbound(0, 256L << 20, Duration.ofNanos(50_000), Runnable::run); // SendQ never overflows here
        int lines = 200_000;
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                InputStream in = pair.client().getInputStream();
                StringBuilder expected = new StringBuilder();
                for (int i = 0; i < lines; i++) {
                    expected.append(i).append("\r\n");
                }
                receivedInOrder.set(readExactly(in, expected.length()).contentEquals(expected));
            } catch (IOException e) {
                receivedInOrder.set(false);
            }
        });
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < lines; i++) {
            assertThat(out.offer(line(Integer.toString(i)))).isTrue();
            if (random.nextInt(8) == 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(random.nextInt(100_000));
            }
        }
        reader.join(20_000);
        assertThat(receivedInOrder.get()).as("every line once, in order").isTrue();
    }

    private final java.util.concurrent.atomic.AtomicBoolean receivedInOrder = new java.util.concurrent.atomic.AtomicBoolean();
}

