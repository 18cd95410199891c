package dev.chatscale.loadtest.gatling;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Knobs of {@link IdleRoomsSimulation}, read from system properties (every {@code -Dname=value} on
 * the {@code mvn gatling:test} line reaches the simulation). Immutable.
 *
 * @param users idle WebSocket users ({@code users}, default 10000)
 * @param rampPerSec connections opened per second ({@code rampPerSec}, default 500)
 * @param roomSize idle users per room ({@code roomSize}, default 100)
 * @param holdSeconds seconds every idle user holds its socket once all are in ({@code holdSeconds}, default 60)
 * @param probes probe users measuring round trips ({@code probes}, default 10)
 * @param probeSeconds probe window at the start of the hold ({@code probeSeconds}, default 2/3 of the hold)
 * @param probeIntervalMillis pause between probe round-trip pairs ({@code probeIntervalMs}, default 100)
 * @param setupGraceSeconds seconds beyond the nominal ramp allowed for joins ({@code setupGraceSeconds}, default 60)
 * @param host server host ({@code host}, default 127.0.0.1)
 * @param wsPort server WebSocket port ({@code wsPort}, default 8080)
 * @param resultFile where {@code after()} writes the JSON ({@code resultFile}, default target/idle-rooms.json)
 * @param statusFile status file for the runner ({@code statusFile}, default none)
 */
record SimulationSettings(int users, double rampPerSec, int roomSize, int holdSeconds, int probes, int probeSeconds,
        int probeIntervalMillis, int setupGraceSeconds, String host, int wsPort, Path resultFile, Path statusFile) {

    static SimulationSettings fromSystemProperties() {
        int hold = Integer.getInteger("holdSeconds", 60);
        String status = System.getProperty("statusFile", "");
        return new SimulationSettings(
                Integer.getInteger("users", 10_000),
                Double.parseDouble(System.getProperty("rampPerSec", "500")),
                Integer.getInteger("roomSize", 100),
                hold,
                Integer.getInteger("probes", 10),
                Integer.getInteger("probeSeconds", Math.max(1, hold * 2 / 3)),
                Integer.getInteger("probeIntervalMs", 100),
                Integer.getInteger("setupGraceSeconds", 60),
                System.getProperty("host", "127.0.0.1"),
                Integer.getInteger("wsPort", 8080),
                Path.of(System.getProperty("resultFile", "target/idle-rooms.json")),
                status.isEmpty() ? null : Path.of(status));
    }

    /** Nominal ramp length, at least 1 s (Gatling 3.15 never injected a ramp shorter than a second). */
    Duration ramp() {
        return Duration.ofMillis(Math.max(1_000, (long) Math.ceil(users / rampPerSec * 1000.0)));
    }

    /** How long closing is spread (at most the ramp, at most 10 s) so N users do not close at once. */
    Duration closeSpread() {
        return Duration.ofMillis(Math.min(10_000, ramp().toMillis()));
    }

    /** A hard bound for Gatling's maxDuration: ramp + grace + hold + close spread + 60 s. */
    Duration maxDuration() {
        return ramp().plusSeconds(setupGraceSeconds).plusSeconds(holdSeconds).plus(closeSpread()).plusSeconds(60);
    }
}
