package dev.chatscale.blocking;

import java.util.concurrent.ThreadFactory;

/**
 * Where a connection's tasks run (its reader, and its writer while output is pending): each task on
 * a thread of its own until it returns. Two kinds, chosen by the server from its thread factory:
 * {@link #fresh} for virtual threads, {@link RecycledThreads} for platform threads.
 *
 * <p>Thread-safety: {@link #start} from any thread.
 */
interface ConnectionThreads {
    /**
     * Runs {@code task} on a thread of its own, named {@code name} while the task runs.
     *
     * @throws RuntimeException or {@link OutOfMemoryError} when no thread can be had (for
     *     platform threads, "unable to create native thread" once the process hits its limit); the
     *     task then does not run
     */
    void start(String name, Runnable task);

    /**
     * A new thread from {@code factory} for every task, which ends with its task. Right for
     * virtual threads: creating one is a small allocation and a queued task, and an ended one
     * costs nothing.
     */
    static ConnectionThreads fresh(ThreadFactory factory) {
        return (name, task) -> {
            Thread thread = factory.newThread(task);
            thread.setName(name);
            thread.start();
        };
    }
}
