package dev.chatscale.testkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test client against a scripted loopback peer: matching, skipping, sync, closes, framing. */
@Timeout(20)
class IrcTestClientTest {

    private ScriptedPeer peer;
    private IrcTestClient client;

    @BeforeEach
    void connect() throws Exception {
        peer = new ScriptedPeer();
        client = IrcTestClient.open("c", sink -> TcpLineTransport.connect(peer.address(), 0, sink));
        peer.accept();
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        peer.close();
    }

    @Test
    void sendAppendsCrlf() throws Exception {
        client.send("NICK c");
        assertThat(peer.readLine()).isEqualTo("NICK c");
    }

    @Test
    void expectSkipsUnrelatedLinesAndReturnsTheMatch() throws Exception {
        peer.write(":s NOTICE * :noise\r\n:s 001 c :Welcome\r\n");
        IrcLine got = client.expect(":s 001 c Welcome");
        assertThat(got.raw()).isEqualTo(":s 001 c :Welcome");
    }

    @Test
    void expectFailsAfterTimeoutListingWhatArrived() throws Exception {
        peer.write(":s NOTICE * :noise\r\n");
        assertThatThrownBy(() -> client.expect(l -> l.isNumeric("001"), Duration.ofMillis(200), "001"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("timed out waiting for 001")
                .hasMessageContaining(":s NOTICE * :noise");
    }

    @Test
    void expectFailsAsSoonAsTheLinkCloses() throws Exception {
        peer.write("ERROR :Closing Link: 127.0.0.1 (bye)\r\n");
        peer.closeConnection();
        assertThatThrownBy(() -> client.expectNumeric("001"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("link closed");
    }

    @Test
    void awaitClosedReturnsTheLastLines() throws Exception {
        peer.write("ERROR :Closing Link: 127.0.0.1 (bye)\r\n");
        peer.closeConnection();
        List<IrcLine> last = client.awaitClosed();
        assertThat(last).extracting(IrcLine::raw).containsExactly("ERROR :Closing Link: 127.0.0.1 (bye)");
    }

    @Test
    void awaitClosedFailsWhileLinkStaysOpen() {
        assertThatThrownBy(() -> client.awaitClosed(Duration.ofMillis(200))).isInstanceOf(AssertionError.class);
    }

    @Test
    void syncReturnsEverythingBeforeTheMatchingPong() throws Exception {
        peer.write(":s PRIVMSG c :one\r\n:s PONG s :stale\r\n");
        Thread.ofVirtual().start(() -> {
            try {
                String ping = peer.readLine();
                peer.write(":s PRIVMSG c :two\r\n:s PONG s :" + ping.substring("PING ".length()) + "\r\n:s PRIVMSG c :after\r\n");
            } catch (Exception e) {
                // the test fails on its own timeout
            }
        });
        List<IrcLine> before = client.sync();
        assertThat(before).extracting(IrcLine::last).containsExactly("one", "stale", "two");
        assertThat(client.expectMatching(":s PRIVMSG c :after").last()).isEqualTo("after");
    }

    @Test
    void registerFailsFastOnErrorNumeric() throws Exception {
        peer.write(":s 433 * c :Nickname is already in use\r\n");
        assertThatThrownBy(() -> client.register("c"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("registration failed");
        assertThat(peer.readLine()).isEqualTo("NICK c");
        assertThat(peer.readLine()).isEqualTo("USER c 0 * :Real c");
    }

    @Test
    void registerReturnsBurstUpTo422() throws Exception {
        peer.write(":s 001 c :Welcome\r\n:s 422 c :MOTD File is missing\r\n");
        assertThat(client.register("c")).extracting(IrcLine::verb).containsExactly("001", "422");
    }

    @Test
    void lfOnlyLinesFromServerAreCountedAsBadlyFramed() throws Exception {
        peer.write(":s NOTICE c :lf only\n:s NOTICE c :crlf\r\n");
        client.expectMatching(".*:crlf");
        assertThat(client.badlyFramedLines()).isEqualTo(1);
    }

    @Test
    void autoPongAnswersServerPing() throws Exception {
        client.autoPong(true);
        peer.write("PING :tok123\r\n");
        assertThat(peer.readLine()).isEqualTo("PONG :tok123");
    }

    @Test
    void utf8IsDecodedAndSplitWritesReassembled() throws Exception {
        peer.write(":s PRIVMSG c :h");
        peer.write("é\r\n");
        assertThat(client.expectMatching(":s PRIVMSG c :.*").last()).isEqualTo("hé");
    }
}
