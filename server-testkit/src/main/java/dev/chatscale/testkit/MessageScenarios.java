package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcTestClient;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §5 and §9: PRIVMSG and NOTICE delivery, echo-message, and their errors. */
public abstract class MessageScenarios extends ScenarioBase {

    protected MessageScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    @Test
    void channelMessageReachesEveryOtherMemberButNotTheSender() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = joined("bob", "#c");
        IrcTestClient carol = joined("carol", "#c");
        IrcTestClient outsider = registered("dave");
        alice.send("PRIVMSG #c :hello all");
        bob.expect(from("alice", "PRIVMSG #c :hello all"));
        carol.expect(from("alice", "PRIVMSG #c :hello all"));
        assertNone(alice.sync(), l -> l.verb().equals("PRIVMSG"), "no echo without echo-message");
        assertNone(outsider.sync(), l -> l.verb().equals("PRIVMSG"), "non-members get nothing");
    }

    @Test
    void echoMessageCapabilityEchoesToSender() {
        IrcTestClient alice = connect("alice");
        alice.send("CAP LS 302").send("CAP REQ :echo-message").send("CAP END");
        alice.expect(":" + SERVER + " CAP * ACK :echo-message");
        alice.register("alice");
        join(alice, "#c");
        IrcTestClient bob = joined("bob", "#c");
        alice.send("PRIVMSG #c :round trip");
        alice.expect(from("alice", "PRIVMSG #c :round trip"));
        bob.expect(from("alice", "PRIVMSG #c :round trip"));
        alice.send("PRIVMSG bob :direct");
        alice.expect(from("alice", "PRIVMSG bob :direct"));
        alice.send("NOTICE bob :note");
        alice.expect(from("alice", "NOTICE bob :note"));
    }

    @Test
    void privateMessageReachesTargetCaseInsensitively() {
        IrcTestClient alice = registered("alice");
        IrcTestClient bob = registered("Bob");
        alice.send("PRIVMSG bOB :hi bob");
        bob.expect(from("alice", "PRIVMSG Bob :hi bob"));
        assertNone(alice.sync(), l -> l.verb().equals("PRIVMSG"), "no echo");
    }

    @Test
    void messageToSeveralTargets() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = joined("bob", "#c");
        IrcTestClient carol = registered("carol");
        alice.send("PRIVMSG #c,carol :both");
        bob.expect(from("alice", "PRIVMSG #c :both"));
        carol.expect(from("alice", "PRIVMSG carol :both"));
    }

    @Test
    void missingRecipientGives411() {
        IrcTestClient alice = registered("alice");
        alice.send("PRIVMSG");
        alice.expect(reply("411", "alice", ":No recipient given (PRIVMSG)"));
    }

    @Test
    void missingTextGives412() {
        IrcTestClient alice = registered("alice");
        registered("bob");
        alice.send("PRIVMSG bob");
        alice.expect(reply("412", "alice", ":No text to send"));
        alice.send("PRIVMSG bob :");
        alice.expect(reply("412", "alice", ":No text to send"));
    }

    @Test
    void unknownTargetGives401() {
        IrcTestClient alice = registered("alice");
        alice.send("PRIVMSG nobody :hello?");
        alice.expect(reply("401", "alice", "nobody :No such nick/channel"));
        alice.send("PRIVMSG #nowhere :hello?");
        alice.expect(reply("401", "alice", "#nowhere :No such nick/channel"));
    }

    @Test
    void nonMemberCannotSendToNoExternalChannel404() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = registered("bob");
        bob.send("PRIVMSG #c :from outside");
        bob.expect(reply("404", "bob", "#c :Cannot send to channel"));
        assertNone(alice.sync(), l -> l.verb().equals("PRIVMSG"), "nothing relayed");
    }

    @Test
    void noticeIsDeliveredAndNeverAnsweredWithErrors() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = joined("bob", "#c");
        IrcTestClient carol = registered("carol");
        alice.send("NOTICE #c :channel notice");
        bob.expect(from("alice", "NOTICE #c :channel notice"));
        alice.send("NOTICE bob :private notice");
        bob.expect(from("alice", "NOTICE bob :private notice"));
        carol.send("NOTICE nobody :x").send("NOTICE #c :outside").send("NOTICE bob").send("NOTICE");
        assertNone(carol.sync(), l -> l.isErrorNumeric(), "NOTICE produces no error replies");
        assertNone(bob.sync(), l -> l.sourceNick() != null && l.sourceNick().equals("carol"), "nothing from carol");
    }

    @Test
    void messageToAwayUserGives301() {
        IrcTestClient alice = registered("alice");
        IrcTestClient bob = registered("bob");
        bob.send("AWAY :lunch");
        bob.expect(reply("306", "bob", ":You have been marked as being away"));
        alice.send("PRIVMSG bob :you there?");
        alice.expect(reply("301", "alice", "bob :lunch"));
        bob.expect(from("alice", "PRIVMSG bob :you there?"));
    }

    @Test
    void messagesArriveInSendOrder() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = joined("bob", "#c");
        for (int i = 0; i < 200; i++) {
            alice.send("PRIVMSG #c :msg " + i);
        }
        for (int i = 0; i < 200; i++) {
            var got = bob.expect(l -> l.verb().equals("PRIVMSG"), IrcTestClient.TIMEOUT, "msg " + i);
            assertThat(got.last()).isEqualTo("msg " + i);
        }
    }
}
