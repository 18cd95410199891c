package dev.chatscale.loadtest.runner;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Everything one benchmark run is parameterised by. Immutable.
 *
 * @param users idle WebSocket users of the Gatling phase
 * @param rampPerSec connections opened per second (both generators)
 * @param roomSize idle users per room
 * @param holdSeconds Gatling hold (probe window = 2/3 of it, the rest for sampling)
 * @param probes Gatling probe users
 * @param swarmUsers idle TCP users of the swarm phase
 * @param swarmHoldSeconds swarm idle hold (memory is sampled in it)
 * @param fanoutMembers members of the fan-out room
 * @param fanoutRepeats measured fan-out repeats
 * @param warmup whether to warm the server up (small swarm + small Gatling run) before the 0-client sample
 * @param host server host
 * @param port IRC port
 * @param wsPort WebSocket port
 * @param heap -Xms/-Xmx of the server JVM
 * @param jvmFlags the server JVM flags (identical for every server)
 */
public record BenchSettings(int users, double rampPerSec, int roomSize, int holdSeconds, int probes, int swarmUsers,
        int swarmHoldSeconds, int fanoutMembers, int fanoutRepeats, boolean warmup, String host, int port, int wsPort,
        String heap, List<String> jvmFlags) {

    public BenchSettings {
        jvmFlags = List.copyOf(jvmFlags);
    }

    /**
     * The server JVM flags: fixed heap ({@code -Xms} = {@code -Xmx}) pre-touched at start so heap
     * pages never show up as RSS growth (heap growth is measured separately, after a forced GC);
     * Serial GC: no GC worker threads (thread counts compare the servers, not the GC), the smallest
     * native overhead, and short young pauses for a mostly idle heap on 2 cores; NMT summary.
     */
    public static List<String> defaultJvmFlags(String heap) {
        return List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:+AlwaysPreTouch",
                "-XX:NativeMemoryTracking=summary");
    }

    /** Seconds the Gatling phase needs at most: ramp + 60 s grace + hold + 10 s close spread + 120 s (mvn, JVM, report). */
    public long gatlingTimeoutSeconds() {
        return (long) Math.ceil(users / rampPerSec) + 60 + holdSeconds + 10 + 120;
    }

    /** Seconds the swarm phase needs at most. */
    public long swarmTimeoutSeconds() {
        return (long) Math.ceil((swarmUsers + fanoutMembers) / rampPerSec) + 120 + swarmHoldSeconds
                + (fanoutRepeats + 5) * 6L + 60;
    }

    /** A server PING interval longer than any idle period of the run (idle Gatling users never answer PINGs). */
    public long pingIntervalSeconds() {
        return gatlingTimeoutSeconds() + 120;
    }

    public JsonObject toJson() {
        return new JsonObject().put("users", users).put("ramp_per_sec", rampPerSec).put("room_size", roomSize)
                .put("hold_seconds", holdSeconds).put("probes", probes).put("swarm_users", swarmUsers)
                .put("swarm_hold_seconds", swarmHoldSeconds).put("fanout_members", fanoutMembers)
                .put("fanout_repeats", fanoutRepeats).put("warmup", warmup).put("host", host).put("port", port)
                .put("ws_port", wsPort).put("heap", heap).put("jvm_flags", String.join(" ", jvmFlags));
    }
}
