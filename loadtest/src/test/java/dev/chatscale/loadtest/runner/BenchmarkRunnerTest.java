package dev.chatscale.loadtest.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchmarkRunnerTest {

    @Test
    void targetParsesHostPortAndOptionalWebSocketPort() {
        assertThat(BenchmarkRunner.parseTarget("127.0.0.1:6667,8080", 42L))
                .isEqualTo(new ServerRun.Target("127.0.0.1", 6667, 8080, 42L));
        assertThat(BenchmarkRunner.parseTarget("localhost:7000", null))
                .isEqualTo(new ServerRun.Target("localhost", 7000, -1, null));
        assertThatThrownBy(() -> BenchmarkRunner.parseTarget("nohost", null))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> BenchmarkRunner.parseTarget("h:x", null))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void everyModelServerRunsWithFloodControlOff() {
        java.util.List<String> flags = ServerRun.serverFlags("127.0.0.1", 16667, 18080, 600);
        int i = flags.indexOf("--flood-rate");
        assertThat(i).as("--flood-rate in %s", flags).isNotNegative();
        assertThat(flags.get(i + 1)).isEqualTo("0");
        assertThat(flags).containsSequence("--port", "16667").containsSequence("--ws-port", "18080")
                .containsSequence("--ping-interval", "600s");
    }

    @Test
    void serverJvmOptsFollowTheStandardFlagsForEveryServer() {
        BenchmarkRunner runner = new BenchmarkRunner();
        new CommandLine(runner).parseArgs("--heap", "512m", "--server-jvm-opt=-XX:StackShadowPages=10",
                "--server-jvm-opt", "-Xlog:disable");
        assertThat(runner.jvmFlags()).containsExactly("-Xms512m", "-Xmx512m", "-XX:+UseSerialGC",
                "-XX:+AlwaysPreTouch", "-XX:NativeMemoryTracking=summary", "-XX:StackShadowPages=10", "-Xlog:disable");
        new CommandLine(runner).parseArgs("--server-jvm-opt", "StackShadowPages=10");
        assertThatThrownBy(runner::jvmFlags).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("starting with '-'");
    }

    @Test
    void runIsOkOnlyWhenEveryServerHasNoErrors() {
        JsonArray runs = new JsonArray().add(new JsonObject().put("errors", new JsonArray()));
        assertThat(BenchmarkRunner.allOk(runs)).isTrue();
        runs.add(new JsonObject().put("errors", new JsonArray().add("boom")));
        assertThat(BenchmarkRunner.allOk(runs)).isFalse();
        assertThat(BenchmarkRunner.allOk(new JsonArray())).isFalse();
    }

    @Test
    void takenPortGivesAClearError() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ServerProcess.requireFreePort("127.0.0.1", s.getLocalPort(), "IRC"))
                    .isInstanceOf(ServerProcess.StartException.class)
                    .hasMessageContaining("IRC port 127.0.0.1:" + s.getLocalPort() + " is taken");
        }
    }

    @Test
    void portWithOnlyTimeWaitLeftoversIsFree() throws Exception {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                try (Socket accepted = listener.accept()) {
                    accepted.setSoLinger(false, 0); // server side closes first: its end goes to TIME_WAIT
                }
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
        }
        ServerProcess.requireFreePort("127.0.0.1", port, "IRC"); // must not throw
    }

    @Test
    void pingIntervalOutlastsTheGatlingPhase() {
        BenchSettings s = new BenchSettings(10_000, 500, 100, 60, 10, 10_000, 20, 1000, 20, true, "127.0.0.1",
                16667, 18080, "1g", BenchSettings.defaultJvmFlags("1g"));
        assertThat(s.pingIntervalSeconds()).isGreaterThan(20 + 60 + 60 + 10);
        assertThat(s.jvmFlags()).contains("-Xms1g", "-Xmx1g", "-XX:NativeMemoryTracking=summary");
    }
}
