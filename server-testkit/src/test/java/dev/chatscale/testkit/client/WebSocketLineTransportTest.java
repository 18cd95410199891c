package dev.chatscale.testkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The WebSocket transport against a Netty WebSocket peer: subprotocol, one line per message, closes. */
@Timeout(20)
class WebSocketLineTransportTest {

    private static IrcTestClient open(WebSocketPeer peer) throws IOException {
        return IrcTestClient.open("ws", sink -> WebSocketLineTransport.connect(peer.address(), sink));
    }

    @Test
    void sendsOneLinePerTextMessageWithoutCrlf() throws Exception {
        try (WebSocketPeer peer = new WebSocketPeer(WebSocketLineTransport.SUBPROTOCOL);
                IrcTestClient client = open(peer)) {
            client.send("NICK ws").send("USER ws 0 * :Real ws");
            assertThat(peer.received.poll(5, TimeUnit.SECONDS)).isEqualTo("NICK ws");
            assertThat(peer.received.poll(5, TimeUnit.SECONDS)).isEqualTo("USER ws 0 * :Real ws");
        }
    }

    @Test
    void receivesEachTextMessageAsOneLineAndFlagsStrayCrlf() throws Exception {
        try (WebSocketPeer peer = new WebSocketPeer(WebSocketLineTransport.SUBPROTOCOL);
                IrcTestClient client = open(peer)) {
            peer.sendText(":s 001 ws :Welcome");
            peer.sendText(":s 002 ws :sloppy\r\n");
            assertThat(client.expectNumeric("001").last()).isEqualTo("Welcome");
            assertThat(client.expectNumeric("002").last()).isEqualTo("sloppy");
            assertThat(client.badlyFramedLines()).isEqualTo(1);
        }
    }

    @Test
    void closeFrameFromServerEndsTheLink() throws Exception {
        try (WebSocketPeer peer = new WebSocketPeer(WebSocketLineTransport.SUBPROTOCOL);
                IrcTestClient client = open(peer)) {
            peer.sendText("ERROR :Closing Link: 127.0.0.1 (Quit: bye)");
            peer.sendClose();
            assertThat(client.awaitClosed()).extracting(IrcLine::verb).containsExactly("ERROR");
        }
    }

    @Test
    void dropClosesTheConnectionWithoutCloseFrame() throws Exception {
        try (WebSocketPeer peer = new WebSocketPeer(WebSocketLineTransport.SUBPROTOCOL);
                IrcTestClient client = open(peer)) {
            peer.channel();
            client.drop();
            peer.disconnected.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void serverThatDoesNotSelectTheSubprotocolIsRejected() throws Exception {
        try (WebSocketPeer peer = new WebSocketPeer(null)) {
            assertThatThrownBy(() -> open(peer)).isInstanceOf(IOException.class);
        }
    }
}
