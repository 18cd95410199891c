package dev.chatscale.testkit;

import dev.chatscale.testkit.client.IrcTestClient;
import dev.chatscale.testkit.client.TcpLineTransport;
import dev.chatscale.testkit.client.WebSocketLineTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Assumptions;

/** The ways the suite reaches a server: plain TCP, or the IRCv3 WebSocket binding. Stateless. */
public enum Transport {
    /** CRLF lines over a TCP socket. */
    TCP,
    /** One line per text message, subprotocol {@code text.ircv3.net}. */
    WEBSOCKET;

    /**
     * Opens a client to {@code server} over this transport; aborts the test (skipped, not failed)
     * when this is {@link #WEBSOCKET} and the server serves no WebSocket.
     *
     * @param receiveBufferBytes TCP receive buffer to request, 0 for the default (ignored for WebSocket)
     */
    public IrcTestClient connect(TestServer server, String name, int receiveBufferBytes) throws IOException {
        return switch (this) {
            case TCP -> IrcTestClient.open(name,
                    sink -> TcpLineTransport.connect(server.ircAddress(), receiveBufferBytes, sink));
            case WEBSOCKET -> {
                InetSocketAddress ws = server.wsAddress();
                Assumptions.assumeTrue(ws != null, "server under test serves no WebSocket");
                yield IrcTestClient.open(name, sink -> WebSocketLineTransport.connect(ws, sink));
            }
        };
    }
}
