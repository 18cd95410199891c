package dev.chatscale.blocking;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Polling for a condition that other threads make true (tests only). */
final class Await {
    private Await() {}

    /** Returns once {@code condition} holds; fails the test if it does not within 10 s. */
    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(2);
        }
    }
}
