package dev.chatscale.loadtest.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Uses small shell scripts as stand-in servers: only the ready-line contract matters here. */
class ServerProcessTest {
    private final ChildProcesses children = new ChildProcesses();

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void readyLineGivesPidTransportAndWebSocketAndSigtermStopsIt(@TempDir Path dir) throws Exception {
        ServerProcess s = ServerProcess.start(List.of("bash", "-c",
                "trap 'exit 0' TERM; echo booting; "
                        + "echo \"chatscale fake ready transport=nio irc=127.0.0.1:1 ws=off pid=$$ java=25\"; "
                        + "while true; do sleep 0.1; done"),
                dir.resolve("server.log"), 10, children);
        assertThat(s.transport()).isEqualTo("nio");
        assertThat(s.servesWebSocket()).isFalse();
        assertThat(s.alive()).isTrue();
        assertThat(s.stop()).hasValue(0);
        assertThat(s.alive()).isFalse();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void exitCodeTwoIsReportedAsPortTaken(@TempDir Path dir) {
        assertThatThrownBy(() -> ServerProcess.start(List.of("bash", "-c", "echo 'port 6667 in use' >&2; exit 2"),
                dir.resolve("server.log"), 10, children))
                .isInstanceOf(ServerProcess.StartException.class)
                .hasMessageContaining("a port is taken")
                .hasMessageContaining("port 6667 in use");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void silentServerTimesOutAndIsStopped(@TempDir Path dir) {
        assertThatThrownBy(() -> ServerProcess.start(List.of("bash", "-c", "echo starting; sleep 60"),
                dir.resolve("server.log"), 1, children))
                .isInstanceOf(ServerProcess.StartException.class)
                .hasMessageContaining("no ready line within 1 s");
    }
}
