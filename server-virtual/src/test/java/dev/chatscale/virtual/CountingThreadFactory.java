package dev.chatscale.virtual;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/** A thread factory that remembers every thread it made (tests only). */
final class CountingThreadFactory implements ThreadFactory {
    private final ThreadFactory delegate;
    private final List<Thread> made = new CopyOnWriteArrayList<>();

    CountingThreadFactory(ThreadFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = delegate.newThread(r);
        made.add(t);
        return t;
    }

    List<Thread> made() {
        return List.copyOf(made);
    }

    long alive() {
        return made.stream().filter(Thread::isAlive).count();
    }

    /** Waits until exactly {@code count} of the threads made are alive. */
    void awaitAlive(long count, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive() != count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
