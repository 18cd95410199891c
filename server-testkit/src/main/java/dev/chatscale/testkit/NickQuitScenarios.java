package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import dev.chatscale.testkit.client.TcpLineTransport;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §5: NICK changes and QUIT (polite or dropped) reach each peer exactly once; no ghosts. */
@Tag("nickquit")
public abstract class NickQuitScenarios extends ScenarioBase {

    protected NickQuitScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    /** alice and bob share #a and #b; carol shares #b; dave shares nothing. */
    private record Peers(IrcTestClient alice, IrcTestClient bob, IrcTestClient carol, IrcTestClient dave) {}

    private Peers peersSharingSeveralChannels() {
        IrcTestClient alice = joined("alice", "#a");
        join(alice, "#b");
        IrcTestClient bob = joined("bob", "#a");
        join(bob, "#b");
        IrcTestClient carol = joined("carol", "#b");
        IrcTestClient dave = joined("dave", "#d");
        alice.sync();
        bob.sync();
        return new Peers(alice, bob, carol, dave);
    }

    @Test
    void nickChangeReachesSelfAndEachPeerExactlyOnce() {
        Peers p = peersSharingSeveralChannels();
        p.alice().send("NICK alicia");
        String change = from("alice", "NICK alicia");
        p.alice().expect(change);
        p.bob().expect(change);
        p.carol().expect(change);
        assertNone(p.alice().sync(), line(change), "self gets it once");
        assertNone(p.bob().sync(), line(change), "bob gets it once although he shares two channels");
        assertNone(p.carol().sync(), line(change), "carol gets it once");
        assertNone(p.dave().sync(), l -> l.verb().equals("NICK"), "dave shares no channel");
        p.bob().send("PRIVMSG alicia :new name works");
        p.alice().expect(from("bob", "PRIVMSG alicia :new name works"));
    }

    @Test
    void caseOnlyNickChangeIsAllowed() {
        IrcTestClient alice = registered("alice");
        alice.send("NICK ALICE");
        alice.expect(from("alice", "NICK ALICE"));
    }

    @Test
    void nickChangeToTakenNickGives433CaseInsensitively() {
        IrcTestClient alice = registered("alice");
        registered("bob");
        alice.send("NICK BOB");
        alice.expect(reply("433", "alice", "BOB :Nickname is already in use"));
    }

    @Test
    void erroneousNickChangeGives432() {
        IrcTestClient alice = registered("alice");
        alice.send("NICK 9lives");
        alice.expect(reply("432", "alice", "9lives :Erroneous nickname"));
    }

    @Test
    void oldNickIsFreeAfterChange() {
        IrcTestClient alice = registered("alice");
        alice.send("NICK alicia");
        alice.expect(from("alice", "NICK alicia"));
        registered("alice");
    }

    @Test
    void quitReachesEachPeerOnceAndQuitterGetsError() {
        Peers p = peersSharingSeveralChannels();
        p.alice().send("QUIT :gone fishing");
        List<IrcLine> last = p.alice().awaitClosed();
        assertThat(last).anyMatch(line("ERROR :Closing Link: " + HOST + " (Quit: gone fishing)"));
        String quit = from("alice", "QUIT :Quit: gone fishing");
        p.bob().expect(quit);
        p.carol().expect(quit);
        assertNone(p.bob().sync(), line(quit), "bob gets QUIT once although he shares two channels");
        assertNone(p.carol().sync(), line(quit), "carol gets it once");
        assertNone(p.dave().sync(), l -> l.verb().equals("QUIT"), "dave shares no channel");
    }

    @Test
    void droppedSocketBroadcastsRemoteHostClosed() {
        Peers p = peersSharingSeveralChannels();
        p.alice().drop();
        String quit = from("alice", "QUIT :Remote host closed the connection");
        p.bob().expect(quit);
        p.carol().expect(quit);
        assertNone(p.bob().sync(), line(quit), "bob gets QUIT once");
    }

    @Test
    void quitLeavesNoGhostNickOrMembership() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = joined("bob", "#c");
        alice.send("QUIT :bye");
        alice.awaitClosed();
        bob.expect(from("alice", "QUIT :Quit: bye"));
        bob.send("WHOIS alice");
        bob.expect(reply("401", "bob", "alice :No such nick/channel"));
        bob.send("NAMES #c");
        assertThat(bob.collectUntilNumeric("366")).anyMatch(line(reply("353", "bob", "= #c :bob"))
                .or(line(reply("353", "bob", "= #c :@bob"))));
        registered("alice");
    }

    @Test
    void droppedSocketFreesTheNick() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = joined("bob", "#c");
        alice.drop();
        bob.expect(from("alice", "QUIT :Remote host closed the connection"));
        registered("alice");
    }

    @Test
    void nickChangeKeepsChannelOperatorStatus() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = joined("bob", "#c");
        alice.send("NICK alicia");
        bob.expect(from("alice", "NICK alicia"));
        bob.send("NAMES #c");
        assertThat(bob.collectUntilNumeric("366")).anyMatch(line(reply("353", "bob", "= #c :@alicia bob"))
                .or(line(reply("353", "bob", "= #c :bob @alicia"))));
        alice.send("TOPIC #c :still op");
        bob.expect(":alicia!~alice@" + HOST + " TOPIC #c :still op");
    }

    @Test
    void oldNickIsUnknownAfterChange() {
        IrcTestClient alice = registered("alice");
        IrcTestClient bob = registered("bob");
        alice.send("NICK alicia");
        alice.expect(from("alice", "NICK alicia"));
        bob.send("PRIVMSG alice :hello?");
        bob.expect(reply("401", "bob", "alice :No such nick/channel"));
        bob.send("WHOIS alicia");
        bob.expect(reply("311", "bob", "alicia ~alice " + HOST + " * :Real alice"));
    }

    @Test
    void messageSentRightBeforeQuitArrivesBeforeTheQuit() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = joined("bob", "#c");
        alice.send("PRIVMSG #c :goodbye all").send("QUIT :done");
        IrcLine first = bob.expect(l -> l.verb().equals("PRIVMSG") || l.verb().equals("QUIT"), IrcTestClient.TIMEOUT,
                "PRIVMSG then QUIT");
        assertThat(first).matches(line(from("alice", "PRIVMSG #c :goodbye all")), "the message first");
        bob.expect(from("alice", "QUIT :Quit: done"));
        alice.awaitClosed();
    }

    @Test
    void nickIsFreeTheMomentTheQuitterSeesItsLinkClose() {
        for (int round = 0; round < 20; round++) {
            IrcTestClient c = registered("phoenix");
            c.send("QUIT :again");
            if (round % 2 == 1 && c.transport() instanceof TcpLineTransport tcp) {
                try {
                    tcp.shutdownOutput(); // nc -N: EOF right behind the QUIT, racing it
                } catch (IOException alreadyClosed) {
                    // the server was faster: it closed the link after the QUIT (our reader then closed the socket)
                }
            }
            c.awaitClosed();
            c.close();
            // no pause: "never leave ghost nicks", not even briefly (registered fails fast on 433)
        }
        registered("phoenix");
    }
}
