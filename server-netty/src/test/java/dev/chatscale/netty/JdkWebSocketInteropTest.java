package dev.chatscale.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.cli.ListenSettings;
import dev.chatscale.protocol.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A third-party client (the JDK's {@link java.net.http.WebSocket}) against the Netty WebSocket listener. */
@Timeout(20)
class JdkWebSocketInteropTest {
    private NettyChatServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = NettyChatServer.start(ListenSettings.ephemeral(ServerConfig.defaults()), new NettyOptions(Transport.AUTO, 1));
    }

    @AfterEach
    void stop() {
        server.shutdown(Duration.ofSeconds(3));
        http.close();
    }

    @Test
    void jdkClientNegotiatesTextIrcv3AndChats() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    messages.add(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closes.add(statusCode);
                return null;
            }
        };
        URI uri = URI.create("ws://127.0.0.1:" + server.wsAddress().getPort() + "/");
        WebSocket ws = http.newWebSocketBuilder().subprotocols("text.ircv3.net")
                .buildAsync(uri, listener).get(5, TimeUnit.SECONDS);
        assertThat(ws.getSubprotocol()).isEqualTo("text.ircv3.net");

        ws.sendText("NICK jdk", true).get(5, TimeUnit.SECONDS);
        ws.sendText("USER jdk 0 * :JDK client", true).get(5, TimeUnit.SECONDS);
        assertThat(awaitContaining(messages, " 001 jdk ")).doesNotContain("\r\n");
        ws.sendText("QUIT :done", true).get(5, TimeUnit.SECONDS);
        assertThat(awaitContaining(messages, "ERROR")).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Quit: done)");
        assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    private static String awaitContaining(BlockingQueue<String> messages, String needle) throws InterruptedException {
        while (true) {
            String m = messages.poll(5, TimeUnit.SECONDS);
            assertThat(m).as("a message containing " + needle).isNotNull();
            if (m.contains(needle)) {
                return m;
            }
        }
    }
}
