package dev.chatscale.blocking;

import static dev.chatscale.blocking.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RecycledThreadsTest {
    private static final long KEEP_ALIVE = TimeUnit.SECONDS.toNanos(10);
    private static final long PER_THREAD = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MIN = RecycledThreads.MIN_RETIRE_INTERVAL_NANOS;

    private final CountingThreadFactory threads = CountingThreadFactory.platform();
    private final AtomicLong clock = new AtomicLong();
    private final RecycledThreads pool = new RecycledThreads(threads, KEEP_ALIVE, PER_THREAD, clock::get);

    @AfterEach
    void endThreads() throws InterruptedException {
        pool.close();
        while (pool.retireOne(clock.get()) >= 0) {
            // ends the idle ones
        }
        await(() -> threads.alive() == 0);
    }

    /** Runs a task that records its thread, and waits until that thread is idle again. */
    private Thread runToIdle(String name, int idleAfter) throws InterruptedException {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        pool.start(name, () -> ranOn.set(Thread.currentThread()));
        await(() -> ranOn.get() != null && pool.idleThreads() == idleAfter);
        return ranOn.get();
    }

    @Test
    void aThreadWhoseTaskEndedRunsTheNextTaskInsteadOfANewThread() throws InterruptedException {
        Thread first = runToIdle("conn-a", 1);
        Thread second = runToIdle("conn-b", 1);

        assertThat(second).isSameAs(first);
        assertThat(threads.made()).hasSize(1);
        assertThat(first.isAlive()).isTrue();
    }

    @Test
    void aTaskThatLeavesItsThreadInterruptedDoesNotPassTheInterruptOn() throws InterruptedException {
        AtomicReference<Thread> interrupted = new AtomicReference<>();
        pool.start("conn-a", () -> {
            interrupted.set(Thread.currentThread());
            Thread.currentThread().interrupt();
        });
        await(() -> interrupted.get() != null && pool.idleThreads() == 1);
        AtomicReference<Boolean> nextSawInterrupt = new AtomicReference<>();
        AtomicReference<Thread> next = new AtomicReference<>();
        pool.start("conn-b", () -> {
            nextSawInterrupt.set(Thread.currentThread().isInterrupted());
            next.set(Thread.currentThread());
        });
        await(() -> next.get() != null);

        assertThat(next.get()).isSameAs(interrupted.get());
        assertThat(nextSawInterrupt.get()).isFalse();
    }

    @Test
    void everyRunningTaskHasAThreadOfItsOwnNamedAfterIt() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (String name : List.of("conn-a", "conn-b", "conn-c")) {
            pool.start(name, () -> {
                names.add(Thread.currentThread().getName());
                awaitQuietly(release);
            });
        }
        await(() -> names.size() == 3);

        assertThat(names).containsExactlyInAnyOrder("conn-a", "conn-b", "conn-c");
        assertThat(threads.alive()).isEqualTo(3);
        assertThat(pool.idleThreads()).isZero();
        release.countDown();
        await(() -> pool.idleThreads() == 3);
        assertThat(threads.made()).allSatisfy(t -> assertThat(t.getName()).isEqualTo(RecycledThreads.IDLE_NAME));
    }

    @Test
    void anIdleThreadEndsOnlyOnceIdleForTheKeepAlive() throws InterruptedException {
        clock.set(1_000);
        Thread thread = runToIdle("conn-a", 1);

        assertThat(pool.retireOne(1_000 + KEEP_ALIVE - 7)).as("wait for the rest of the keep-alive").isEqualTo(7);
        assertThat(pool.idleThreads()).isEqualTo(1);
        assertThat(pool.retireOne(1_000 + KEEP_ALIVE)).as("then the next one, the shortest interval later").isEqualTo(MIN);
        thread.join(5_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(pool.idleThreads()).isZero();
        assertThat(pool.retireOne(1_000 + KEEP_ALIVE)).as("nothing idle: look again in a keep-alive").isEqualTo(KEEP_ALIVE);
    }

    @Test
    void idleThreadsEndOnePerStepLongestIdleFirst() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        List<Thread> ranOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            pool.start("conn-" + i, () -> {
                ranOn.add(Thread.currentThread());
                running.incrementAndGet();
                awaitQuietly(release);
            });
        }
        await(() -> running.get() == 3);
        release.countDown();
        await(() -> pool.idleThreads() == 3);
        // one more task takes the most recently idle thread; it then becomes idle later than the others
        clock.set(KEEP_ALIVE / 2);
        Thread again = runToIdle("conn-again", 3);

        assertThat(pool.retireOne(KEEP_ALIVE + 1)).as("an interval per live thread").isEqualTo(2 * PER_THREAD);
        await(() -> threads.alive() == 2);
        assertThat(pool.retireOne(KEEP_ALIVE + 1)).isEqualTo(PER_THREAD);
        await(() -> threads.alive() == 1);
        assertThat(pool.retireOne(KEEP_ALIVE + 1)).as("the last one was idle since half the keep-alive")
                .isEqualTo(KEEP_ALIVE / 2 - 1);
        assertThat(again.isAlive()).isTrue();
        assertThat(pool.idleThreads()).isEqualTo(1);
    }

    @Test
    void afterCloseBusyThreadsEndWithTheirTaskAndIdleOnesWithoutTheKeepAlive() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> busy = new AtomicReference<>();
        pool.start("conn-busy", () -> {
            busy.set(Thread.currentThread());
            awaitQuietly(release);
        });
        await(() -> busy.get() != null);
        Thread idleOne = runToIdle("conn-idle-one", 1);
        assertThat(idleOne).isNotSameAs(busy.get());

        pool.close();
        release.countDown();
        busy.get().join(5_000);
        assertThat(busy.get().isAlive()).as("a task returning after close ends its thread").isFalse();
        assertThat(pool.liveThreads()).isEqualTo(1);
        assertThat(pool.retireOne(0)).as("idle ones end at once, still paced").isEqualTo(MIN);
        assertThat(pool.liveThreads()).isZero();
        idleOne.join(5_000);
        assertThat(idleOne.isAlive()).isFalse();
        assertThat(pool.retireOne(0)).as("closed and nothing idle: the retirer stops").isNegative();
    }

    @Test
    void theRetirerThreadEndsIdleThreadsAndStopsOnceClosedAndEmpty() throws InterruptedException {
        RecycledThreads fast = new RecycledThreads(threads, 0, 1, System::nanoTime);
        Thread retirer = Thread.ofPlatform().daemon().start(fast::runRetirer);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            fast.start("conn-" + i, ran::incrementAndGet);
        }
        await(() -> ran.get() == 20 && threads.alive() == 0);
        assertThat(fast.liveThreads()).isZero();
        assertThat(retirer.isAlive()).as("keeps running while open").isTrue();

        fast.close();
        retirer.join(5_000);
        assertThat(retirer.isAlive()).isFalse();
    }

    @Test
    void tasksStartedWhileThreadsRetireAllRunExactlyOnce() throws InterruptedException {
        RecycledThreads churn = new RecycledThreads(threads, 0, 1, System::nanoTime);
        Thread retirer = Thread.ofPlatform().daemon().start(churn::runRetirer);
        int perStarter = 2_000;
        AtomicInteger[] runs = new AtomicInteger[4 * perStarter];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = new AtomicInteger();
        }
        List<Thread> starters = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            int base = s * perStarter;
            starters.add(Thread.ofPlatform().start(() -> {
                for (int i = base; i < base + perStarter; i++) {
                    churn.start("conn-" + i, runs[i]::incrementAndGet);
                }
            }));
        }
        for (Thread starter : starters) {
            starter.join();
        }
        await(() -> java.util.Arrays.stream(runs).allMatch(r -> r.get() > 0));

        assertThat(runs).allSatisfy(r -> assertThat(r.get()).isEqualTo(1));
        churn.close();
        retirer.join(5_000);
        await(() -> threads.alive() == 0);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
