package dev.chatscale.loadtest.swarm;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

/**
 * A group of swarm users connected at a bounded rate and spread over the Vert.x event loops (one
 * context per loop; each connection's handlers run on the context that opened it).
 *
 * <p>{@link #rampUp} runs on the caller's (non-Vert.x) thread and returns once every connection was
 * started or the deadline passed; completion is then observed through {@link #counters()}.
 * Thread-safe for that use.
 */
final class Population {
    private final NetClient client;
    private final List<Context> contexts;
    private final String host;
    private final int port;
    private final SwarmCounters counters = new SwarmCounters();
    private final List<SwarmUser> users = new CopyOnWriteArrayList<>();

    Population(NetClient client, List<Context> contexts, String host, int port) {
        this.client = client;
        this.contexts = List.copyOf(contexts);
        this.host = host;
        this.port = port;
    }

    /** One event-loop context per loop: a context is sticky per thread, so each is made on a fresh thread. */
    static List<Context> contexts(Vertx vertx, int count) throws InterruptedException {
        List<Context> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Context[] holder = new Context[1];
            Thread t = Thread.ofPlatform().name("swarm-context-" + i).start(() -> holder[0] = vertx.getOrCreateContext());
            t.join();
            out.add(holder[0]);
        }
        return out;
    }

    SwarmCounters counters() {
        return counters;
    }

    List<SwarmUser> users() {
        return users;
    }

    /**
     * Starts {@code total} users made by {@code factory} at {@code perSecond}; gives up starting more
     * after {@code deadlineNanos} (System.nanoTime based). Calls {@code progress} about every 100 ms.
     */
    void rampUp(int total, double perSecond, IntFunction<SwarmUser> factory, long deadlineNanos, Runnable progress)
            throws InterruptedException {
        RampSchedule ramp = new RampSchedule(total, perSecond);
        long start = System.nanoTime();
        int started = 0;
        long lastProgress = start;
        while (started < total && System.nanoTime() < deadlineNanos) {
            int due = ramp.dueAt(System.nanoTime() - start);
            while (started < due) {
                SwarmUser user = factory.apply(started);
                users.add(user);
                Context ctx = contexts.get(started % contexts.size());
                counters.started.increment();
                ctx.runOnContext(v -> connect(ctx, user));
                started++;
            }
            long now = System.nanoTime();
            if (now - lastProgress >= 100_000_000L) {
                progress.run();
                lastProgress = now;
            }
            Thread.sleep(5);
        }
    }

    private void connect(Context ctx, SwarmUser user) {
        client.connect(port, host).onComplete(ar -> {
            if (ar.succeeded()) {
                user.start(new IrcConnection(ar.result(), ctx, user, 1_000));
            } else {
                user.connectFailed();
            }
        });
    }

    /** Closes every connection, spread over the contexts (the server sees ordinary disconnects). */
    void closeAll() {
        counters.closing.set(true);
        for (SwarmUser u : users) {
            IrcConnection c = u.connection();
            if (c != null) {
                c.closeFromAnyThread();
            }
        }
    }
}
