package dev.chatscale.loadtest.swarm;

import dev.chatscale.loadtest.stats.StatusFile;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The raw-TCP swarm: the same idle population telnet users would be (NICK/USER, JOIN, idle), then
 * the fan-out measurement (one member PRIVMSGs a room of M members, K times; per-recipient delivery
 * latency and time until all M received it). Writes JSON ({@code --out}) and a status file the
 * benchmark runner polls ({@code --status}). Bounded: every phase has a deadline and the whole run
 * a hard {@code --time-limit} after which the JVM exits with code 3.
 *
 * <p>Exit code 0 when every user joined, none was dropped and every fan-out repeat reached every
 * member; 1 otherwise; 2 on bad arguments; 3 on the time limit.
 */
@Command(name = "swarm", mixinStandardHelpOptions = true, version = "chatscale swarm 0.1.0",
        description = "Raw TCP IRC swarm: idle population and fan-out latency (Vert.x).")
public final class SwarmMain implements Callable<Integer> {
    @Option(names = "--host", description = "Server host (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "Server IRC port (default: ${DEFAULT-VALUE}).")
    int port = 6667;

    @Option(names = "--users", description = "Idle users (default: ${DEFAULT-VALUE}; 0 skips the idle phase).")
    int users = 10_000;

    @Option(names = "--ramp", description = "Connections per second (default: ${DEFAULT-VALUE}).")
    double rampPerSec = 500;

    @Option(names = "--room-size", description = "Idle users per room (default: ${DEFAULT-VALUE}).")
    int roomSize = 100;

    @Option(names = "--hold", description = "Seconds the idle population holds once joined (default: ${DEFAULT-VALUE}).")
    int holdSeconds = 20;

    @Option(names = "--fanout-members", description = "Members of the fan-out room (default: ${DEFAULT-VALUE}; 0 skips).")
    int fanoutMembers = 1_000;

    @Option(names = "--fanout-repeats", description = "Fan-out repeats (default: ${DEFAULT-VALUE}).")
    int fanoutRepeats = 20;

    @Option(names = "--fanout-warmup", description = "Unrecorded warm-up repeats first (default: ${DEFAULT-VALUE}).")
    int fanoutWarmup = 5;

    @Option(names = "--fanout-timeout-ms", description = "Wait per repeat for all members (default: ${DEFAULT-VALUE}).")
    long fanoutTimeoutMs = 5_000;

    @Option(names = "--fanout-gap-ms", description = "Pause between repeats (default: ${DEFAULT-VALUE}).")
    long fanoutGapMs = 250;

    @Option(names = "--setup-grace", description = "Seconds beyond the nominal ramp to wait for joins (default: ${DEFAULT-VALUE}).")
    int setupGraceSeconds = 60;

    @Option(names = "--event-loops", description = "Vert.x event loops (default: ${DEFAULT-VALUE}).")
    int eventLoops = 2;

    @Option(names = "--prefix", description = "Nick and room prefix (default: ${DEFAULT-VALUE}).")
    String prefix = "tcp";

    @Option(names = "--time-limit", description = "Hard bound on the whole run in seconds (default: ${DEFAULT-VALUE}).")
    int timeLimitSeconds = 600;

    @Option(names = "--out", description = "JSON result file.")
    Path out;

    @Option(names = "--status", description = "Status file for the runner.")
    Path status;

    private final long startNanos = System.nanoTime();

    public static void main(String[] args) {
        System.exit(new CommandLine(new SwarmMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (users < 0 || fanoutMembers < 0 || roomSize < 1 || fanoutRepeats < 1 || fanoutWarmup < 0 || !(rampPerSec > 0)) {
            System.err.println("swarm: users/fanout-members >= 0, room-size/fanout-repeats >= 1, ramp > 0 required");
            return 2;
        }
        Thread watchdog = Thread.ofPlatform().daemon().name("swarm-time-limit").start(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(timeLimitSeconds));
                System.err.println("swarm: time limit of " + timeLimitSeconds + " s reached, exiting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(1)
                .setPreferNativeTransport(true));
        try {
            NetClient client = vertx.createNetClient(
                    new NetClientOptions().setConnectTimeout(10_000).setTcpNoDelay(true));
            List<Context> contexts = Population.contexts(vertx, eventLoops);
            JsonObject result = new JsonObject().put("host", host).put("port", port)
                    .put("native_transport", vertx.isNativeTransportEnabled());
            Population idle = new Population(client, contexts, host, port);
            boolean ok = runIdle(idle, result);
            FanoutRun fanout = new FanoutRun(new Population(client, contexts, host, port), fanoutMembers,
                    fanoutRepeats, fanoutWarmup, "#" + prefix + "-fanout", prefix + "f", this::status);
            if (fanoutMembers > 0) {
                ok &= fanout.run(rampPerSec, setupGraceSeconds, fanoutTimeoutMs, fanoutGapMs, result);
            }
            status("closing", idle.counters(), Map.of());
            idle.closeAll();
            fanout.closeAll();
            Thread.sleep(500);
            result.put("ok", ok).put("elapsed_ms", elapsedMillis());
            if (out != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
                Files.writeString(out, result.encodePrettily(), StandardCharsets.UTF_8);
            }
            status("done", idle.counters(), Map.of("ok", ok));
            System.out.println("swarm: " + result.encode());
            return ok ? 0 : 1;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            watchdog.interrupt();
        }
    }

    private boolean runIdle(Population idle, JsonObject result) throws InterruptedException {
        JsonObject json = new JsonObject().put("users", users).put("room_size", roomSize)
                .put("ramp_per_sec", rampPerSec).put("hold_seconds", holdSeconds);
        result.put("idle", json);
        if (users == 0) {
            json.put("skipped", true);
            return true;
        }
        SwarmCounters c = idle.counters();
        long setupDeadline = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(new RampSchedule(users, rampPerSec).durationMillis())
                + TimeUnit.SECONDS.toNanos(setupGraceSeconds);
        int width = Integer.toString(users).length();
        idle.rampUp(users, rampPerSec, i -> new SwarmUser(
                        prefix + pad(i, width), "#" + prefix + "-" + (i / roomSize), c, line -> { }),
                setupDeadline, () -> status("idle-ramp", c, Map.of("users", users)));
        while (c.settled() < users && System.nanoTime() < setupDeadline) {
            status("idle-ramp", c, Map.of("users", users));
            Thread.sleep(200);
        }
        long setupMillis = elapsedMillis();
        long holdEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(holdSeconds);
        while (System.nanoTime() < holdEnd) {
            status("idle-hold", c, Map.of("users", users,
                    "hold_left_ms", TimeUnit.NANOSECONDS.toMillis(holdEnd - System.nanoTime())));
            Thread.sleep(250);
        }
        json.put("setup_ms", setupMillis);
        c.asMap().forEach(json::put);
        return c.joined.sum() == users && c.dropped.sum() == 0;
    }

    static String pad(int i, int width) {
        String s = Integer.toString(i);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }

    void status(String phase, SwarmCounters counters, Map<String, ?> extra) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("phase", phase);
        values.put("elapsed_ms", elapsedMillis());
        values.putAll(counters.asMap());
        values.putAll(extra);
        if (status != null) {
            new StatusFile(status).write(values);
        }
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
