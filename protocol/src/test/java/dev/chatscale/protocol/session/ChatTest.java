package dev.chatscale.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.session.TestServer.Conn;
import org.junit.jupiter.api.Test;

class ChatTest {
    private final TestServer server = new TestServer();

    @Test
    void joinIsSentToEveryMemberIncludingTheJoinerThenNames() {
        Conn alice = server.user("alice");
        assertThat(alice.ask("JOIN #room")).containsExactly(
                ":alice!~alice@127.0.0.1 JOIN #room",
                ":irc.test 353 alice = #room :@alice",
                ":irc.test 366 alice #room :End of /NAMES list");
        Conn bob = server.user("bob");
        assertThat(bob.ask("JOIN #ROOM")).containsExactly(
                ":bob!~bob@127.0.0.1 JOIN #room",
                ":irc.test 353 bob = #room :@alice bob",
                ":irc.test 366 bob #room :End of /NAMES list");
        assertThat(alice.take()).containsExactly(":bob!~bob@127.0.0.1 JOIN #room");
        assertThat(bob.ask("JOIN #room")).as("already a member: ignored").isEmpty();
    }

    @Test
    void channelPrivmsgGoesToEveryMemberExceptTheSender() {
        Conn alice = server.user("alice");
        Conn bob = server.user("bob");
        Conn carol = server.user("carol");
        alice.send("JOIN #c");
        bob.send("JOIN #c");
        carol.send("JOIN #c");
        alice.take();
        bob.take();
        carol.take();
        assertThat(alice.ask("PRIVMSG #c :hello there")).isEmpty();
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 PRIVMSG #c :hello there");
        assertThat(carol.take()).containsExactly(":alice!~alice@127.0.0.1 PRIVMSG #c :hello there");
    }

    @Test
    void privateMessageGoesToTheTargetOnly() {
        Conn alice = server.user("alice");
        Conn bob = server.user("bob");
        assertThat(alice.ask("PRIVMSG BOB :hi")).isEmpty();
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 PRIVMSG bob :hi");
    }

    @Test
    void quitIsBroadcastOnceAndTheQuitterGetsErrorAndIsClosed() {
        Conn alice = server.user("alice");
        Conn bob = server.user("bob");
        alice.send("JOIN #a");
        alice.send("JOIN #b");
        bob.send("JOIN #a");
        bob.send("JOIN #b");
        alice.take();
        bob.take();
        assertThat(alice.ask("QUIT :bye now")).containsExactly("ERROR :Closing Link: 127.0.0.1 (Quit: bye now)");
        assertThat(alice.out.closed()).isTrue();
        assertThat(alice.session.isClosed()).isTrue();
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 QUIT :Quit: bye now");
        assertThat(server.hub.findUser("alice")).isNull();
        assertThat(server.hub.findChannel("#a").size()).isEqualTo(1);
    }

    @Test
    void droppedConnectionQuitsWithTheTransportsReason() {
        Conn alice = server.user("alice");
        Conn bob = server.user("bob");
        alice.send("JOIN #a");
        bob.send("JOIN #a");
        bob.take();
        alice.session.onDisconnect("Remote host closed the connection", server.now);
        alice.session.onDisconnect("again", server.now);
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 QUIT :Remote host closed the connection");
        assertThat(server.hub.connectionCount()).isEqualTo(1);
        assertThat(server.hub.findUser("alice")).isNull();
    }

    @Test
    void lastMemberLeavingDestroysTheChannel() {
        Conn alice = server.user("alice");
        alice.send("JOIN #gone");
        alice.session.onDisconnect(null, server.now);
        assertThat(server.hub.findChannel("#gone")).isNull();
        assertThat(server.hub.channelCount()).isZero();
    }

    /** alice and bob, registered and both in #a, with what they were sent so far taken. */
    private Conn[] aliceAndBobInA() {
        Conn alice = server.user("alice");
        Conn bob = server.user("bob");
        alice.send("JOIN #a");
        bob.send("JOIN #a");
        alice.take();
        bob.take();
        return new Conn[] {alice, bob};
    }

    @Test
    void shutdownSendsErrorQuitsToPeersAndCloses() {
        Conn[] both = aliceAndBobInA();
        Conn alice = both[0];
        Conn bob = both[1];
        alice.session.shutdown("Server shutting down", server.now);
        assertThat(alice.take()).containsExactly("ERROR :Closing Link: 127.0.0.1 (Server shutting down)");
        assertThat(alice.out.closed()).isTrue();
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 QUIT :Server shutting down");
        alice.session.shutdown("Server shutting down", server.now);
        assertThat(alice.out.closeCalls()).isEqualTo(1);
    }

    @Test
    void onceTheServerIsShuttingDownSessionsEndWithTheirErrorLineAndNoQuitsToPeers() {
        Conn[] both = aliceAndBobInA();
        Conn alice = both[0];
        Conn bob = both[1];
        server.hub.beginShutdown();
        assertThat(server.hub.isShuttingDown()).isTrue();

        alice.session.shutdown("Server shutting down", server.now);
        assertThat(alice.take()).containsExactly("ERROR :Closing Link: 127.0.0.1 (Server shutting down)");
        assertThat(bob.take()).as("bob gets his own ERROR next, not alice's QUIT").isEmpty();
        assertThat(server.hub.findChannel("#a").size()).as("alice's membership is released").isEqualTo(1);
        bob.session.shutdown("Server shutting down", server.now);
        assertThat(bob.take()).containsExactly("ERROR :Closing Link: 127.0.0.1 (Server shutting down)");
        assertThat(server.hub.channelCount()).isZero();
        assertThat(server.hub.connectionCount()).isZero();
    }

    @Test
    void closingLinkLineForTransportsOwnRefusals() {
        assertThat(server.hub.closingLink("127.0.0.1", "Server full").toString())
                .isEqualTo("ERROR :Closing Link: 127.0.0.1 (Server full)");
        assertThat(server.hub.closingLink("::1", "Max SendQ exceeded").toString())
                .isEqualTo("ERROR :Closing Link: 0::1 (Max SendQ exceeded)");
        assertThat(server.hub.closingLink("127.0.0.1", "bad\r\nreason").toString())
                .isEqualTo("ERROR :Closing Link: 127.0.0.1 (bad  reason)");
    }

    @Test
    void sendQueueOverflowReportedByTheTransportQuitsWithItsReason() {
        Conn[] both = aliceAndBobInA();
        Conn alice = both[0];
        Conn bob = both[1];
        alice.session.onDisconnect("Max SendQ exceeded", server.now);
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 QUIT :Max SendQ exceeded");
        assertThat(alice.take()).as("no ERROR line: the transport already sent it").isEmpty();
    }

    @Test
    void longQuitReasonIsCutSoTheErrorLineStaysWellFormed() {
        Conn alice = server.user("alice");
        String reason = "r".repeat(450);
        assertThat(alice.ask("QUIT :" + reason)).containsExactly(
                "ERROR :Closing Link: 127.0.0.1 (Quit: " + "r".repeat(300) + ")");
    }

    @Test
    void afterTheSessionEndedEverythingIsANoOp() {
        Conn alice = server.user("alice");
        Conn bob = server.user("bob");
        alice.send("JOIN #a");
        bob.send("JOIN #a");
        bob.take();
        alice.send("QUIT :done");
        alice.take();
        bob.take();
        alice.session.onDisconnect("Remote host closed the connection", server.now);
        alice.session.shutdown("Server shutting down", server.now);
        server.advance(java.time.Duration.ofHours(1));
        alice.tick();
        alice.send("PRIVMSG #a :ghost");
        byte[] ws = "PRIVMSG #a :ghost".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        alice.session.onMessage(ws, 0, ws.length, server.now);
        assertThat(alice.take()).isEmpty();
        assertThat(bob.take()).isEmpty();
        assertThat(alice.out.closeCalls()).isEqualTo(1);
        assertThat(server.hub.connectionCount()).isEqualTo(1);
    }
}
