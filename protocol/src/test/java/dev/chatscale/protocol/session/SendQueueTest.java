package dev.chatscale.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.chatscale.protocol.session.SendQueue.Offer;
import dev.chatscale.protocol.wire.EncodedLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SendQueueTest {

    static EncodedLine line(int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) 'x');
        b[length - 2] = '\r';
        b[length - 1] = '\n';
        return EncodedLine.wrap(b);
    }

    @Test
    void firstOfferWakesLaterOnesQueue() {
        SendQueue q = new SendQueue(4096);
        assertThat(q.offer(line(100))).isEqualTo(Offer.WAKE);
        assertThat(q.offer(line(100))).isEqualTo(Offer.QUEUED);
        assertThat(q.pendingBytes()).isEqualTo(200);
    }

    @Test
    void drainerPollsInOrderAndWrittenReleasesBytes() {
        SendQueue q = new SendQueue(4096);
        EncodedLine a = line(10);
        EncodedLine b = line(20);
        q.offer(a);
        q.offer(b);
        assertThat(q.poll()).isSameAs(a);
        assertThat(q.pendingBytes()).as("polled but not written still counts").isEqualTo(30);
        q.written(10);
        assertThat(q.poll()).isSameAs(b);
        assertThat(q.poll()).isNull();
        q.written(20);
        assertThat(q.pendingBytes()).isZero();
        assertThat(q.endDrain()).isFalse();
        assertThat(q.offer(line(10))).as("idle again: next offer wakes").isEqualTo(Offer.WAKE);
    }

    @Test
    void endDrainKeepsTheRoleWhenLinesArrivedMeanwhile() {
        SendQueue q = new SendQueue(4096);
        q.offer(line(10));
        assertThat(q.poll()).isNotNull();
        assertThat(q.offer(line(10))).isEqualTo(Offer.QUEUED);
        assertThat(q.endDrain()).isTrue();
        assertThat(q.poll()).isNotNull();
        assertThat(q.endDrain()).isFalse();
    }

    @Test
    void overflowIsReportedOnceThenTheQueueIsClosed() {
        SendQueue q = new SendQueue(1000);
        assertThat(q.offer(line(500))).isEqualTo(Offer.WAKE);
        assertThat(q.offer(line(500))).isEqualTo(Offer.QUEUED);
        assertThat(q.offer(line(2))).isEqualTo(Offer.OVERFLOW);
        assertThat(q.isClosed()).isTrue();
        assertThat(q.offer(line(3))).isEqualTo(Offer.CLOSED);
        assertThat(q.isEmpty()).as("closing discards queued lines").isTrue();
        assertThat(q.endDrain()).isFalse();
    }

    @Test
    void writtenBytesMakeRoomAgain() {
        SendQueue q = new SendQueue(1000);
        q.offer(line(500));
        q.offer(line(500));
        q.written(q.poll().length());
        assertThat(q.offer(line(500))).isEqualTo(Offer.QUEUED);
    }

    @Test
    void closedQueueRefusesOffers() {
        SendQueue q = new SendQueue(1000);
        q.offer(line(10));
        q.close();
        q.close();
        assertThat(q.offer(line(10))).isEqualTo(Offer.CLOSED);
        assertThat(q.poll()).isNull();
    }

    @Test
    void boundMustHoldOneLine() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SendQueue(511));
        assertThat(new SendQueue(512).maxBytes()).isEqualTo(512);
    }

    @Test
    @Timeout(60)
    void manyProducersOneDrainerAtATimeNoLostWakeUps() throws Exception {
        int producers = 6;
        int perProducer = 20_000;
        SendQueue q = new SendQueue(Long.MAX_VALUE / 2);
        ExecutorService drainers = Executors.newFixedThreadPool(3);
        AtomicInteger activeDrainers = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        AtomicLong drained = new AtomicLong();
        AtomicInteger wakes = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        long total = (long) producers * perProducer;
        Runnable drain = () -> {
            maxActive.accumulateAndGet(activeDrainers.incrementAndGet(), Math::max);
            try {
                do {
                    EncodedLine l;
                    while ((l = q.poll()) != null) {
                        q.written(l.length());
                        if (drained.incrementAndGet() == total) {
                            done.countDown();
                        }
                    }
                    // the drain role is given up inside endDrain: leave the "active" count first
                    activeDrainers.decrementAndGet();
                    if (!q.endDrain()) {
                        return;
                    }
                    maxActive.accumulateAndGet(activeDrainers.incrementAndGet(), Math::max);
                } while (true);
            } catch (RuntimeException e) {
                throw e;
            }
        };
        List<Thread> threads = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int p = 0; p < producers; p++) {
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                EncodedLine l = line(40);
                for (int i = 0; i < perProducer; i++) {
                    Offer o = q.offer(l);
                    assertThat(o).isIn(Offer.WAKE, Offer.QUEUED);
                    if (o == Offer.WAKE) {
                        wakes.incrementAndGet();
                        drainers.execute(drain);
                    }
                }
            });
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).as("every line drained: no lost wake-up").isTrue();
        drainers.shutdown();
        assertThat(drainers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(drained.get()).isEqualTo(total);
        assertThat(maxActive.get()).as("never two drainers at once").isEqualTo(1);
        assertThat(q.pendingBytes()).isZero();
        assertThat(q.isEmpty()).isTrue();
        assertThat(wakes.get()).isPositive();
        assertThat(q.offer(line(10))).as("drain role released at the end").isEqualTo(Offer.WAKE);
    }

    @Test
    @Timeout(60)
    void concurrentProducersSeeExactlyOneOverflow() throws Exception {
        for (int round = 0; round < 50; round++) {
            SendQueue q = new SendQueue(10_000);
            int threads = 4;
            AtomicInteger overflows = new AtomicInteger();
            AtomicInteger afterClose = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> list = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                list.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    EncodedLine l = line(100);
                    for (int i = 0; i < 100; i++) {
                        Offer o = q.offer(l);
                        if (o == Offer.OVERFLOW) {
                            overflows.incrementAndGet();
                        } else if (o == Offer.CLOSED) {
                            afterClose.incrementAndGet();
                        }
                    }
                }));
            }
            start.countDown();
            for (Thread t : list) {
                t.join();
            }
            assertThat(overflows.get()).isEqualTo(1);
            assertThat(afterClose.get()).isPositive();
            assertThat(q.isClosed()).isTrue();
        }
    }
}
