package dev.chatscale.loadtest.swarm;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fan-out measurement: {@code members} users join one room, then a sender (also a member)
 * PRIVMSGs it {@code repeats} times; each probe carries the sender's nanoTime taken on the sender's
 * event loop just before the write. Results: per-recipient delivery latency and, per repeat, the
 * time until the last member received it. Runs on the caller's thread; bounded by the setup grace
 * and the per-repeat timeout.
 */
final class FanoutRun {
    /** Receives the phase and extra counters for the status file. */
    interface StatusSink {
        void status(String phase, SwarmCounters counters, Map<String, ?> extra);
    }

    private final Population population;
    private final int members;
    private final int repeats;
    private final String room;
    private final String nickPrefix;
    private final StatusSink statusSink;
    private final FanoutTracker tracker;
    private final int warmupRepeats;
    private volatile FanoutTracker current; // the tracker deliveries go to: warm-up first, then the measured one

    FanoutRun(Population population, int members, int repeats, int warmupRepeats, String room, String nickPrefix,
            StatusSink statusSink) {
        this.population = population;
        this.members = members;
        this.repeats = repeats;
        this.room = room;
        this.nickPrefix = nickPrefix;
        this.statusSink = statusSink;
        this.tracker = new FanoutTracker(Math.max(1, members), repeats);
        this.warmupRepeats = warmupRepeats;
        this.current = tracker;
    }

    /** Sets up the room, runs the repeats, fills {@code result.fanout}; true when every repeat reached every member. */
    boolean run(double rampPerSec, int setupGraceSeconds, long timeoutMs, long gapMs, JsonObject result)
            throws InterruptedException {
        JsonObject json = new JsonObject().put("members", members).put("repeats", repeats)
                .put("warmup_repeats", warmupRepeats).put("room", room);
        result.put("fanout", json);
        SwarmCounters c = population.counters();
        int total = members + 1; // the last one is the sender
        long deadline = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(new RampSchedule(total, rampPerSec).durationMillis())
                + TimeUnit.SECONDS.toNanos(setupGraceSeconds);
        int width = Integer.toString(members).length();
        population.rampUp(members, rampPerSec, i -> new SwarmUser(nickPrefix + SwarmMain.pad(i, width), room, c,
                line -> {
                    long now = System.nanoTime();
                    FanoutMessage m = FanoutMessage.parse(line, room);
                    if (m != null) {
                        current.delivered(m, now);
                    }
                }), deadline, () -> statusSink.status("fanout-setup", c, Map.of("users", total)));
        while (c.settled() < members && System.nanoTime() < deadline) {
            statusSink.status("fanout-setup", c, Map.of("users", total));
            Thread.sleep(100);
        }
        SwarmUser sender = new SwarmUser(nickPrefix + "sender", room, c, line -> { });
        population.rampUp(1, 1, i -> sender, deadline, () -> { });
        while (!sender.joined() && c.settled() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        c.asMap().forEach((k, v) -> json.put("setup_" + k, v));
        if (!sender.joined() || c.joined.sum() < total) {
            json.put("error", "fan-out room not set up: " + c.joined.sum() + " of " + total + " joined");
            return false;
        }
        // Warm-up repeats (not recorded) let both JVMs compile the broadcast path first.
        if (warmupRepeats > 0) {
            FanoutTracker warmup = new FanoutTracker(members, warmupRepeats);
            current = warmup;
            sendRepeats(sender, warmup, warmupRepeats, timeoutMs, gapMs, c, "fanout-warmup");
        }
        current = tracker;
        long timeouts = sendRepeats(sender, tracker, repeats, timeoutMs, gapMs, c, "fanout-run");
        int sent = repeats;
        json.put("sent", sent)
                .put("completed", tracker.completedRepeats())
                .put("timeouts", timeouts)
                .put("missing_deliveries", tracker.missingDeliveries(sent))
                .put("duplicates", tracker.duplicates())
                .put("dropped", c.dropped.sum())
                .put("per_recipient", tracker.perRecipient().toJson())
                .put("all_delivered", tracker.allDelivered().toJson());
        return timeouts == 0 && c.dropped.sum() == 0;
    }

    private long sendRepeats(SwarmUser sender, FanoutTracker t, int count, long timeoutMs, long gapMs,
            SwarmCounters c, String phase) throws InterruptedException {
        long timeouts = 0;
        for (int k = 0; k < count; k++) {
            int repeat = k;
            IrcConnection conn = sender.connection();
            conn.onContext(() -> {
                long t0 = System.nanoTime();
                t.sent(repeat, t0);
                conn.send(new FanoutMessage(repeat, t0).toLine(room));
            });
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (!t.complete(repeat) && System.nanoTime() < until) {
                Thread.sleep(1);
            }
            if (!t.complete(repeat)) {
                timeouts++;
            }
            statusSink.status(phase, c, Map.of("users", members + 1, "repeat", repeat + 1, "of", count));
            Thread.sleep(gapMs);
        }
        return timeouts;
    }

    void closeAll() {
        population.closeAll();
    }
}
