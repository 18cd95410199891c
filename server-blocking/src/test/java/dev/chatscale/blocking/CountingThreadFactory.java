package dev.chatscale.blocking;

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

    static CountingThreadFactory virtual() {
        return new CountingThreadFactory(Thread.ofVirtual().factory());
    }

    static CountingThreadFactory platform() {
        return new CountingThreadFactory(Thread.ofPlatform().daemon().factory());
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
}
