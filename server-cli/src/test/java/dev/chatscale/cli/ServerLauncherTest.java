package dev.chatscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Option;

class ServerLauncherTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<ListenSettings> started = new ArrayList<>();

    /** A model's own flag, as server-threaded's --thread-stack-size would be. */
    static final class ModelOptions {
        @Option(names = "--workers")
        int workers = 1;
    }

    private final class FakeServer implements ChatServer {
        private final ListenSettings settings;

        FakeServer(ListenSettings settings) {
            this.settings = settings;
        }

        @Override
        public InetSocketAddress ircAddress() {
            return new InetSocketAddress(settings.host(), settings.port());
        }

        @Override
        public InetSocketAddress wsAddress() {
            return settings.webSocketEnabled() ? new InetSocketAddress(settings.host(), settings.wsPort()) : null;
        }

        @Override
        public String transport() {
            return "fake";
        }

        @Override
        public void shutdown(Duration timeout) {}
    }

    private int launch(Object modelOptions, ServerLauncher.Starter starter, String... args) {
        return ServerLauncher.launch("test", args, modelOptions,
                starter, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private ServerLauncher.Starter recording() {
        return settings -> {
            started.add(settings);
            return new FakeServer(settings);
        };
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void startsWithDefaultsOnLoopbackAndPrintsTheReadyLine() {
        int code = launch(null, recording());

        assertThat(code).isEqualTo(ServerLauncher.RUNNING);
        ListenSettings s = started.getFirst();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(6667);
        assertThat(s.wsPort()).isEqualTo(8080);
        assertThat(s.config().version()).startsWith("chatscale-");
        assertThat(s.config().floodRate()).isEqualTo(5);
        assertThat(s.config().floodBurst()).isEqualTo(20);
        assertThat(s.config().floodMaxHeldBytes()).isEqualTo(8192);
        assertThat(out()).matches("chatscale test ready transport=fake irc=127\\.0\\.0\\.1:6667 ws=127\\.0\\.0\\.1:8080 pid=\\d+ java=\\S+\\R");
    }

    @Test
    void mapsEveryCommonFlagOntoTheSettings() {
        launch(null, recording(),
                "--host", "0.0.0.0", "--port", "7000", "--ws-port", "-1", "--server-name", "irc.example",
                "--network", "Example", "--motd", "line one", "--motd", "line two", "--password", "s3cret",
                "--max-connections", "42", "--max-sendq", "64k", "--ping-interval", "1500ms",
                "--ping-timeout", "2m", "--registration-timeout", "7",
                "--flood-rate", "3", "--flood-burst", "9", "--flood-max-held", "16k");

        ListenSettings s = started.getFirst();
        assertThat(s.host()).isEqualTo("0.0.0.0");
        assertThat(s.port()).isEqualTo(7000);
        assertThat(s.webSocketEnabled()).isFalse();
        assertThat(s.config().serverName()).isEqualTo("irc.example");
        assertThat(s.config().network()).isEqualTo("Example");
        assertThat(s.config().motd()).containsExactly("line one", "line two");
        assertThat(s.config().password()).isEqualTo("s3cret");
        assertThat(s.config().maxConnections()).isEqualTo(42);
        assertThat(s.config().maxSendQBytes()).isEqualTo(64 * 1024);
        assertThat(s.config().pingInterval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.config().pingTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.config().registrationTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.config().floodRate()).isEqualTo(3);
        assertThat(s.config().floodBurst()).isEqualTo(9);
        assertThat(s.config().floodMaxHeldBytes()).isEqualTo(16 * 1024);
        assertThat(out()).contains(" ws=off ");
    }

    @Test
    void floodRateZeroTurnsFloodControlOff() {
        launch(null, recording(), "--flood-rate", "0");

        assertThat(started.getFirst().config().floodControl()).isFalse();
    }

    @Test
    void negativeFloodRateIsAUsageErrorNamingTheKey() {
        int code = launch(null, recording(), "--flood-rate", "-1");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("floodRate");
        assertThat(started).isEmpty();
    }

    @Test
    void floodMaxHeldBelowOneLineIsAUsageError() {
        int code = launch(null, recording(), "--flood-max-held", "100");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("floodMaxHeldBytes");
        assertThat(started).isEmpty();
    }

    @Test
    void noMotdMeansAnEmptyMotd() {
        launch(null, recording(), "--no-motd");

        assertThat(started.getFirst().config().motd()).isEmpty();
    }

    @Test
    void modelOptionsAreParsedBeforeTheServerStarts() {
        ModelOptions model = new ModelOptions();
        int[] seen = new int[1];

        launch(model, settings -> {
            seen[0] = model.workers;
            return new FakeServer(settings);
        }, "--workers", "3");

        assertThat(seen[0]).isEqualTo(3);
    }

    @Test
    void helpListsTheFlagsAndExitsZeroWithoutStarting() {
        int code = launch(new ModelOptions(), recording(), "--help");

        assertThat(code).isZero();
        assertThat(started).isEmpty();
        assertThat(out()).contains("--port", "--ws-port", "--max-sendq", "--ping-interval", "--workers",
                "--flood-rate", "--flood-burst", "--flood-max-held");
    }

    @Test
    void versionExitsZero() {
        int code = launch(null, recording(), "--version");

        assertThat(code).isZero();
        assertThat(out()).startsWith("chatscale ");
    }

    @Test
    void unknownFlagIsAUsageErrorWithExitTwo() {
        int code = launch(null, recording(), "--bogus");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("--bogus");
        assertThat(started).isEmpty();
    }

    @Test
    void badDurationIsAUsageErrorNamingTheValue() {
        int code = launch(null, recording(), "--ping-interval", "soon");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("soon");
    }

    @Test
    void invalidConfigIsReportedWithExitTwo() {
        int code = launch(null, recording(), "--server-name", "has space");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("serverName");
        assertThat(started).isEmpty();
    }

    @Test
    void portInUseIsReportedClearlyWithExitTwo() {
        int code = launch(null, settings -> {
            throw new java.io.IOException("bind failed", new BindException("Address already in use"));
        }, "--port", "6668");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("6668").contains("address already in use");
    }

    @Test
    void otherStartFailuresExitOne() {
        int code = launch(null, settings -> {
            throw new IllegalStateException("no luck");
        });

        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("no luck");
    }
}
