package dev.chatscale.loadtest.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.loadtest.selfcheck.MiniIrcServer;
import dev.chatscale.loadtest.stats.StatusFile;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The swarm end to end on loopback against the tiny self-check server (small and bounded). */
class SwarmAgainstMiniServerTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void idlePopulationJoinsAndEveryFanoutRepeatReachesEveryMember(@TempDir Path dir) throws Exception {
        try (MiniIrcServer server = MiniIrcServer.start(0, 0)) {
            Path out = dir.resolve("swarm.json");
            Path status = dir.resolve("status");
            int code = new CommandLine(new SwarmMain()).execute("--port", Integer.toString(server.tcpPort()),
                    "--users", "60", "--ramp", "300", "--room-size", "20", "--hold", "0",
                    "--fanout-members", "25", "--fanout-repeats", "3", "--fanout-warmup", "1", "--fanout-gap-ms", "10",
                    "--out", out.toString(), "--status", status.toString(), "--time-limit", "50");
            assertThat(code).isZero();
            JsonObject r = new JsonObject(Files.readString(out));
            assertThat(r.getJsonObject("idle").getLong("joined")).isEqualTo(60);
            assertThat(r.getJsonObject("idle").getLong("failed")).isZero();
            JsonObject f = r.getJsonObject("fanout");
            assertThat(f.getLong("completed")).isEqualTo(3);
            assertThat(f.getLong("missing_deliveries")).isZero();
            assertThat(f.getJsonObject("per_recipient").getLong("count")).isEqualTo(75);
            assertThat(f.getJsonObject("all_delivered").getLong("count")).isEqualTo(3);
            assertThat(new StatusFile(status).read()).containsEntry("phase", "done");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void refusedConnectionsCountAsFailures(@TempDir Path dir) throws Exception {
        int freePort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        Path out = dir.resolve("swarm.json");
        int code = new CommandLine(new SwarmMain()).execute("--port", Integer.toString(freePort), "--users", "5",
                "--ramp", "100", "--hold", "0", "--fanout-members", "0", "--setup-grace", "5",
                "--out", out.toString(), "--time-limit", "50");
        assertThat(code).isEqualTo(1);
        JsonObject idle = new JsonObject(Files.readString(out)).getJsonObject("idle");
        assertThat(idle.getLong("failed")).isEqualTo(5);
        assertThat(idle.getLong("joined")).isZero();
    }
}
