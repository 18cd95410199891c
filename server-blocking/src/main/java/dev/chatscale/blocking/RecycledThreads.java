package dev.chatscale.blocking;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Platform threads for connection tasks, kept for reuse: a thread whose task has returned waits,
 * idle, for the next task instead of ending, and idle threads end later, one at a time, paced.
 * Still one thread per running task (a reader for each connection, a writer while output is
 * pending); what is saved is the creation and, above all, the end of threads.
 *
 * <p>Why: HotSpot removes an ending platform thread from its thread list under one global lock,
 * in time that grows with the number of threads, and starting a thread needs the same lock. When
 * 10,000 clients left the threaded server at once, ~8,300 readers ended together and held that
 * lock for seconds: the writers for the departing clients' QUITs waited for it, and so did the
 * thread the JVM starts to handle a signal, so a SIGTERM then took 7-14 s to exit (10,000 TCP
 * clients whose process was killed, SIGTERM 0.5 s later; 3.1-5.9 s with recycling). Recycled, the
 * readers of departed clients only park; they end afterwards one at a time, paced (below), which
 * leaves the lock free nearly all the time. A task handed to an idle thread starts with an
 * {@code unpark}, without waiting for a new thread to be scheduled.
 *
 * <p>One pool serves readers and writers alike: when a crowd leaves, the threads of its readers
 * write the QUITs to whoever stays. With a pool for each, every such writer was a new thread, and
 * a SIGTERM sent as the benchmark's 10,000 TCP clients left again waited over 15 s (one pool:
 * 1-3 s). The price: a thread keeps the stack pages its tasks touched, so a reader may carry
 * those of the writer its thread was before. Short benchmark runs without warm-up measured 52-56
 * KB of stack per idle client with one pool, 52 KB with two and without recycling.
 *
 * <p>Idle threads are reused most-recently-idle first, so the ones that stay idle are the oldest;
 * {@link #retireOne} ends the oldest once it has been idle for {@code keepAlive}, then waits
 * {@code nanosPerThread} for each of the pool's live threads (an end costs the JVM time in
 * proportion to the thread count), at least {@link #MIN_RETIRE_INTERVAL_NANOS}. One retirer
 * thread calls it ({@link #runRetirer}); {@link #close} retires every idle
 * thread (still paced) and makes threads end when their task returns.
 *
 * <p>Limits: threads = tasks running + idle threads; an idle thread keeps its stack's touched
 * pages until it ends, so after a crowd leaves, memory comes back at the retire pace: 10,000 idle
 * threads take about {@code keepAlive + 10,000^2 / 2 x nanosPerThread} (27 s with the defaults).
 * A task that throws ends its thread (the uncaught-exception handler reports it).
 *
 * <p>Thread-safety: {@link #start} from any thread, lock-free; a worker's hand-off is one CAS
 * ({@code null} to a task, or to "retire"), so a task and a retirement never both win.
 */
final class RecycledThreads implements ConnectionThreads {
    /** How long a thread stays idle before it may end. */
    static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /**
     * The wait after an end, per live thread of the pool: 5 ms at 10,000 threads, where an end holds
     * the JVM's thread list lock for about a millisecond, so ends take a fifth of that lock's time
     * at most.
     */
    static final long RETIRE_NANOS_PER_THREAD = 500;
    /** The shortest wait between two ends. */
    static final long MIN_RETIRE_INTERVAL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /** The name of a thread while it waits for a task. */
    static final String IDLE_NAME = "conn-idle";

    /** A worker's hand-off once it has been told to end. */
    private static final Object RETIRE = new Object();
    private static final VarHandle HANDOFF;

    static {
        try {
            HANDOFF = MethodHandles.lookup().findVarHandle(Worker.class, "handoff", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ThreadFactory factory;
    private final long keepAliveNanos;
    private final long nanosPerThread;
    private final LongSupplier nanoClock;
    /**
     * Threads of this pool not yet bound to end: counted at creation, uncounted where an end is
     * decided (a retirement, a task returning after close, a task that threw).
     */
    private final AtomicInteger live = new AtomicInteger();
    /** Idle workers, most recently idle first. */
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;
    /** The thread in {@link #runRetirer}, unparked by {@link #close}; {@code null} before it runs. */
    private volatile Thread retirer;

    /**
     * @param factory makes the (platform) threads; each is named after its current task
     * @param keepAliveNanos how long a thread is idle before it may end
     * @param nanosPerThread the wait after an end, per live thread
     * @param nanoClock {@link System#nanoTime()}, or a fake one in tests
     */
    RecycledThreads(ThreadFactory factory, long keepAliveNanos, long nanosPerThread, LongSupplier nanoClock) {
        if (keepAliveNanos < 0 || nanosPerThread < 0) {
            throw new IllegalArgumentException("keepAlive " + keepAliveNanos + ", nanosPerThread " + nanosPerThread);
        }
        this.factory = factory;
        this.keepAliveNanos = keepAliveNanos;
        this.nanosPerThread = nanosPerThread;
        this.nanoClock = nanoClock;
    }

    /** With the default keep-alive and retire pace, on the system clock. */
    RecycledThreads(ThreadFactory factory) {
        this(factory, KEEP_ALIVE_NANOS, RETIRE_NANOS_PER_THREAD, System::nanoTime);
    }

    @Override
    public void start(String name, Runnable task) {
        Task next = new Task(name, task);
        Worker worker;
        while ((worker = idle.pollFirst()) != null) {
            if (HANDOFF.compareAndSet(worker, null, next)) {
                LockSupport.unpark(worker.thread);
                return;
            }
            // retired meanwhile: it is ending, try the next one
        }
        Thread thread = factory.newThread(new Worker(next));
        thread.setName(name);
        live.incrementAndGet();
        try {
            thread.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            live.decrementAndGet();
            throw e;
        }
    }

    /**
     * Ends the longest-idle thread if it has been idle for the keep-alive (at once after
     * {@link #close}). The retirer's step; tests call it with a fake time.
     *
     * @param nowNanos the current {@code nanoClock} time
     * @return how long to wait before the next call, in nanoseconds; negative once closed with
     *     no idle thread left (the retirer stops)
     */
    long retireOne(long nowNanos) {
        Worker oldest = idle.peekLast();
        if (oldest == null) {
            return closed ? -1 : Math.max(keepAliveNanos, MIN_RETIRE_INTERVAL_NANOS);
        }
        long idleFor = nowNanos - oldest.idleSinceNanos;
        if (!closed && idleFor < keepAliveNanos) {
            return keepAliveNanos - idleFor;
        }
        if (HANDOFF.compareAndSet(oldest, null, RETIRE)) {
            live.decrementAndGet();
            idle.removeLastOccurrence(oldest);
            LockSupport.unpark(oldest.thread);
        }
        // else it was just handed a task (and taken off the deque by the one who handed it)
        return retireInterval(live.get());
    }

    /** The wait after an end while {@code liveThreads} threads of this pool have not ended. */
    long retireInterval(int liveThreads) {
        return Math.max(MIN_RETIRE_INTERVAL_NANOS, liveThreads * nanosPerThread);
    }

    /** The retirer thread's loop: {@link #retireOne} until closed with no idle thread left. */
    void runRetirer() {
        retirer = Thread.currentThread();
        long wait;
        while ((wait = retireOne(nanoClock.getAsLong())) >= 0) {
            LockSupport.parkNanos(this, wait); // close() unparks it
        }
    }

    /**
     * From now on threads end when their task returns, and the retirer ends the idle ones without
     * waiting for the keep-alive, still paced. Tasks may still be started. Idempotent.
     */
    void close() {
        closed = true;
        LockSupport.unpark(retirer);
    }

    /** Threads not yet bound to end. For tests and diagnostics. */
    int liveThreads() {
        return live.get();
    }

    /** Threads waiting for a task. For tests and diagnostics. */
    int idleThreads() {
        return idle.size();
    }

    /** What a worker is handed: the task and the name its thread takes while running it. */
    private record Task(String name, Runnable runnable) {}

    /** One platform thread's loop: run the task, wait idle for the next one, or end. */
    private final class Worker implements Runnable {
        /**
         * {@code null} while idle (or running); the next {@link Task}, or {@link #RETIRE}, once
         * handed one by CAS. Reset to {@code null} by the worker before it is idle again.
         */
        @SuppressWarnings("unused")
        private volatile Object handoff;
        /** Set by the worker before it is published idle (the deque orders it for the retirer). */
        private Thread thread;
        /** When the worker last became idle; written before it is published idle. */
        private long idleSinceNanos;
        private Task first;

        Worker(Task first) {
            this.first = first;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            Task task = first;
            first = null;
            boolean threw = true;
            try {
                while (task != null) {
                    task.runnable().run();
                    task = awaitNext();
                }
                threw = false;
            } finally {
                if (threw) {
                    live.decrementAndGet();
                }
            }
        }

        /** Waits idle for the next task; {@code null} when this thread should end. */
        private Task awaitNext() {
            if (closed) {
                live.decrementAndGet();
                return null;
            }
            thread.setName(IDLE_NAME);
            Thread.interrupted(); // a task's leftover interrupt would make park() return at once, and reach the next task
            handoff = null;
            idleSinceNanos = nanoClock.getAsLong();
            idle.offerFirst(this);
            if (closed && HANDOFF.compareAndSet(this, null, RETIRE)) {
                live.decrementAndGet();
                idle.removeFirstOccurrence(this); // closed while it got idle: the retirer may have finished
                return null;
            }
            Object next;
            while ((next = handoff) == null) {
                LockSupport.park(this);
            }
            if (next == RETIRE) {
                return null; // counted out by the retirer
            }
            Task task = (Task) next;
            thread.setName(task.name());
            return task;
        }
    }
}
