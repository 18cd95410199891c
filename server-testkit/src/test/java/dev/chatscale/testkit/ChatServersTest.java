package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.cli.ChatServer;
import dev.chatscale.cli.ListenSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatServersTest {

    /** Records what the adapter asks of a server. */
    private static final class RecordingServer implements ChatServer {
        final List<Duration> shutdowns = new ArrayList<>();
        final InetSocketAddress ws;

        RecordingServer(InetSocketAddress ws) {
            this.ws = ws;
        }

        @Override
        public InetSocketAddress ircAddress() {
            return new InetSocketAddress("127.0.0.1", 7000);
        }

        @Override
        public InetSocketAddress wsAddress() {
            return ws;
        }

        @Override
        public String transport() {
            return "fake";
        }

        @Override
        public void shutdown(Duration timeout) {
            shutdowns.add(timeout);
        }
    }

    @Test
    void factoryStartsOnLoopbackWithEphemeralPortsAndTheGivenConfig() throws Exception {
        List<ListenSettings> seen = new ArrayList<>();
        RecordingServer server = new RecordingServer(new InetSocketAddress("127.0.0.1", 7001));
        TestServer ts = ChatServers.factory(settings -> {
            seen.add(settings);
            return server;
        }).start(ScenarioBase.testConfig());

        assertThat(seen).containsExactly(ListenSettings.ephemeral(ScenarioBase.testConfig()));
        assertThat(ts.ircAddress().getPort()).isEqualTo(7000);
        assertThat(ts.wsAddress().getPort()).isEqualTo(7001);
        ts.close();
        assertThat(server.shutdowns).containsExactly(ChatServers.CLOSE_TIMEOUT);
    }

    @Test
    void tcpOnlyFactoryAsksForNoWebSocket() throws Exception {
        List<ListenSettings> seen = new ArrayList<>();
        TestServer ts = ChatServers.tcpOnlyFactory(settings -> {
            seen.add(settings);
            return new RecordingServer(null);
        }).start(ScenarioBase.testConfig());

        assertThat(seen.getFirst().webSocketEnabled()).isFalse();
        assertThat(seen.getFirst().host()).isEqualTo("127.0.0.1");
        assertThat(ts.wsAddress()).isNull();
    }
}
