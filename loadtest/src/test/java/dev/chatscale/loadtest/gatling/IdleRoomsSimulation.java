package dev.chatscale.loadtest.gatling;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import dev.chatscale.loadtest.stats.HoldTimeline;
import dev.chatscale.loadtest.stats.LatencyRecorder;
import dev.chatscale.loadtest.stats.StatusFile;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The idle-population benchmark over WebSocket (IRCv3 binding, subprotocol {@code text.ircv3.net}).
 *
 * <p>{@code users} idle users connect at {@code rampPerSec}, register (NICK/USER, await 001), join
 * room {@code #ws-<i / roomSize>} (await 366) and hold the socket idle until the shared hold ends
 * (see {@link HoldTimeline}); closes are spread so the server is not hit by N closes at once.
 * {@code probes} probe users register and, during the probe window with every idle user connected,
 * measure two round trips every {@code probeIntervalMs}: {@code PING :rtt<nanoTime>} to its PONG,
 * and a PRIVMSG to their own nick through the server back to themselves. Each line carries the
 * sender's {@link System#nanoTime()} and the check computes the round trip on arrival, so the
 * figures have microsecond resolution (Gatling's own stats are whole milliseconds).
 *
 * <p>Assertions: every idle user connected, registered and joined; 0 % failed requests;
 * {@code maxDuration} bounds the run. {@code after()} writes the JSON the benchmark runner reads.
 * Knobs: see {@link SimulationSettings}.
 */
public final class IdleRoomsSimulation extends Simulation {
    private final SimulationSettings settings = SimulationSettings.fromSystemProperties();
    private final long startNanos = System.nanoTime();
    private final HoldTimeline timeline = new HoldTimeline(settings.users(),
            startNanos + settings.ramp().plusSeconds(settings.setupGraceSeconds()).toNanos(),
            TimeUnit.SECONDS.toNanos(settings.holdSeconds()), TimeUnit.SECONDS.toNanos(settings.probeSeconds()));
    private final AtomicInteger idleIndex = new AtomicInteger();
    private final AtomicInteger probeIndex = new AtomicInteger();
    private final LongAdder connected = new LongAdder();
    private final LongAdder registered = new LongAdder();
    private final LongAdder joined = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder probesRegistered = new LongAdder();
    private final LongAdder probesDone = new LongAdder();
    private final LatencyRecorder pingRtt = new LatencyRecorder();
    private final LatencyRecorder privmsgRtt = new LatencyRecorder();
    private final ScheduledExecutorService statusWriter = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("chatscale-status").unstarted(r));

    private final HttpProtocolBuilder protocol = http
            .wsBaseUrl("ws://" + settings.host() + ":" + settings.wsPort())
            .disableWarmUp();

    /** Counts a failed user once and lets it leave. */
    private Session countIfFailed(Session session) {
        if (session.isFailed() && !session.contains("counted")) {
            failed.increment();
            if (!session.getBoolean("probe")) {
                timeline.settled(System.nanoTime());
            }
            return session.set("counted", true);
        }
        return session;
    }

    private ChainBuilder register(String prefix) {
        return exec(ws(prefix + " connect").connect("/").subprotocol("text.ircv3.net"))
                .exec(this::countIfFailed)
                .exitHereIfFailed()
                .exec(ws(prefix + " NICK").sendText("NICK #{nick}"))
                .exec(ws(prefix + " USER").sendText("USER #{nick} 0 * :chatscale gatling")
                        .await(Duration.ofSeconds(30))
                        .on(ws.checkTextMessage(prefix + " 001").matching(regex("^:\\S+ 001 "))))
                .exec(this::countIfFailed)
                .exitHereIfFailed();
    }

    private final ScenarioBuilder idle = scenario("idle")
            .exec(session -> {
                int i = idleIndex.getAndIncrement();
                return session.set("i", i).set("probe", false)
                        .set("nick", "ws" + i)
                        .set("room", "#ws-" + (i / settings.roomSize()));
            })
            .exec(ws("idle connect").connect("/").subprotocol("text.ircv3.net"))
            .exec(this::countIfFailed)
            .exitHereIfFailed()
            .exec(session -> {
                connected.increment();
                return session;
            })
            .exec(ws("idle NICK").sendText("NICK #{nick}"))
            .exec(ws("idle USER").sendText("USER #{nick} 0 * :chatscale gatling")
                    .await(Duration.ofSeconds(30))
                    .on(ws.checkTextMessage("idle 001").matching(regex("^:\\S+ 001 "))))
            .exec(this::countIfFailed)
            .exitHereIfFailed()
            .exec(session -> {
                registered.increment();
                return session;
            })
            .exec(ws("idle JOIN").sendText("JOIN #{room}")
                    .await(Duration.ofSeconds(30))
                    .on(ws.checkTextMessage("idle 366").matching(regex("^:\\S+ 366 "))))
            .exec(this::countIfFailed)
            .exitHereIfFailed()
            .exec(session -> {
                joined.increment();
                timeline.settled(System.nanoTime());
                return session;
            })
            .asLongAs(session -> !timeline.holdStarted(System.nanoTime())).on(pause(Duration.ofSeconds(1)))
            .pause(session -> Duration.ofNanos(timeline.nanosUntilHoldEnd(System.nanoTime())
                    + settings.closeSpread().toNanos() * session.getInt("i") / Math.max(1, settings.users())))
            .exec(ws("idle close").close());

    private final ScenarioBuilder probe = scenario("probe")
            .exec(session -> session.set("probe", true).set("nick", "probe" + probeIndex.getAndIncrement()))
            .exec(register("probe"))
            .exec(session -> {
                probesRegistered.increment();
                return session;
            })
            .asLongAs(session -> !timeline.holdStarted(System.nanoTime())).on(pause(Duration.ofMillis(200)))
            .asLongAs(session -> timeline.probing(System.nanoTime())).on(
                    exec(ws("probe PING").sendText(session -> "PING :rtt" + System.nanoTime())
                            .await(Duration.ofSeconds(5))
                            .on(ws.checkTextMessage("probe PONG").matching(regex("PONG \\S+ :?rtt\\d+"))
                                    .check(regex("rtt(\\d+)")
                                            .transform(t -> System.nanoTime() - Long.parseLong(t))
                                            .saveAs("rtt"))))
                            .exec(session -> {
                                if (!session.isFailed()) {
                                    pingRtt.record(session.getLong("rtt"));
                                }
                                return session;
                            })
                            .exec(ws("probe PRIVMSG").sendText(session ->
                                            "PRIVMSG " + session.getString("nick") + " :rtt" + System.nanoTime())
                                    .await(Duration.ofSeconds(5))
                                    .on(ws.checkTextMessage("probe PRIVMSG self").matching(regex("PRIVMSG \\S+ :rtt\\d+"))
                                            .check(regex("rtt(\\d+)")
                                                    .transform(t -> System.nanoTime() - Long.parseLong(t))
                                                    .saveAs("rtt"))))
                            .exec(session -> {
                                if (!session.isFailed()) {
                                    privmsgRtt.record(session.getLong("rtt"));
                                }
                                return session;
                            })
                            .pause(Duration.ofMillis(settings.probeIntervalMillis())))
            .exec(session -> {
                probesDone.increment();
                return session;
            })
            .pause(session -> Duration.ofNanos(timeline.nanosUntilHoldEnd(System.nanoTime())))
            .exec(ws("probe close").close());

    {
        setUp(
                idle.injectOpen(rampUsers(settings.users()).during(settings.ramp())),
                probe.injectOpen(atOnceUsers(settings.probes())))
                .protocols(protocol)
                .maxDuration(settings.maxDuration())
                .assertions(
                        global().failedRequests().percent().is(0.0),
                        details("idle connect").successfulRequests().count().is((long) settings.users()),
                        details("idle 001").successfulRequests().count().is((long) settings.users()),
                        details("idle 366").successfulRequests().count().is((long) settings.users()),
                        details("probe 001").successfulRequests().count().is((long) settings.probes()));
    }

    @Override
    public void before() {
        System.out.println("chatscale: " + settings);
        if (settings.statusFile() != null) {
            statusWriter.scheduleAtFixedRate(this::writeStatus, 0, 500, TimeUnit.MILLISECONDS);
        }
    }

    private Map<String, Object> counters() {
        long now = System.nanoTime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", timeline.phase(now));
        m.put("elapsed_ms", TimeUnit.NANOSECONDS.toMillis(now - startNanos));
        m.put("users", settings.users());
        m.put("connected", connected.sum());
        m.put("registered", registered.sum());
        m.put("joined", joined.sum());
        m.put("failed", failed.sum());
        m.put("probes", settings.probes());
        m.put("probes_registered", probesRegistered.sum());
        m.put("probes_done", probesDone.sum());
        m.put("ping_samples", pingRtt.size());
        m.put("privmsg_samples", privmsgRtt.size());
        m.put("hold_left_ms", TimeUnit.NANOSECONDS.toMillis(timeline.nanosUntilHoldEnd(now)));
        return m;
    }

    private void writeStatus() {
        try {
            new StatusFile(settings.statusFile()).write(counters());
        } catch (RuntimeException e) {
            System.err.println("chatscale: status file: " + e);
        }
    }

    @Override
    public void after() {
        statusWriter.shutdownNow();
        Map<String, Object> c = counters();
        c.put("phase", "done");
        JsonObject json = new JsonObject();
        c.forEach(json::put);
        json.put("settings", new JsonObject()
                .put("users", settings.users()).put("ramp_per_sec", settings.rampPerSec())
                .put("room_size", settings.roomSize()).put("hold_seconds", settings.holdSeconds())
                .put("probes", settings.probes()).put("probe_seconds", settings.probeSeconds())
                .put("probe_interval_ms", settings.probeIntervalMillis())
                .put("host", settings.host()).put("ws_port", settings.wsPort()));
        json.put("ping_rtt", pingRtt.summary().toJson());
        json.put("privmsg_rtt", privmsgRtt.summary().toJson());
        try {
            Files.createDirectories(settings.resultFile().toAbsolutePath().getParent());
            Files.writeString(settings.resultFile(), json.encodePrettily(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (settings.statusFile() != null) {
            new StatusFile(settings.statusFile()).write(c);
        }
        System.out.println("chatscale: " + json.encode());
    }
}
