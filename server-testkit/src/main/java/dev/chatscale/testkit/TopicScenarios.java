package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §4: TOPIC query, set, clear and its errors (331, 442, 482 under the default +t). */
public abstract class TopicScenarios extends ScenarioBase {

    protected TopicScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    @Test
    void topicQueryWithoutTopicGives331() {
        IrcTestClient alice = joined("alice", "#c");
        alice.send("TOPIC #c");
        alice.expect(reply("331", "alice", "#c :No topic is set"));
    }

    @Test
    void topicSetIsBroadcastToAllMembersIncludingSetter() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = joined("bob", "#c");
        alice.send("TOPIC #c :hello world");
        alice.expect(from("alice", "TOPIC #c :hello world"));
        bob.expect(from("alice", "TOPIC #c :hello world"));
    }

    @Test
    void topicQueryGives332And333() {
        IrcTestClient alice = joined("alice", "#c");
        alice.send("TOPIC #c :hello world");
        alice.expect(from("alice", "TOPIC #c :hello world"));
        IrcTestClient bob = joined("bob", "#c");
        bob.send("TOPIC #c");
        bob.expect(reply("332", "bob", "#c :hello world"));
        IrcLine whoTime = bob.expectNumeric("333");
        assertThat(whoTime.params()).hasSize(4).startsWith("bob", "#c");
        assertThat(whoTime.param(2)).isIn("alice", mask("alice"));
    }

    @Test
    void emptyTopicClearsIt() {
        IrcTestClient alice = joined("alice", "#c");
        alice.send("TOPIC #c :something");
        alice.expect(from("alice", "TOPIC #c :something"));
        alice.send("TOPIC #c :");
        alice.expect(from("alice", "TOPIC #c :"));
        alice.send("TOPIC #c");
        alice.expect(reply("331", "alice", "#c :No topic is set"));
    }

    @Test
    void topicOnChannelNotJoinedGives442() {
        joined("alice", "#c");
        IrcTestClient bob = registered("bob");
        bob.send("TOPIC #c :intruder");
        bob.expect(reply("442", "bob", "#c :You're not on that channel"));
    }

    @Test
    void topicByNonOperatorUnderDefaultPlusTGives482() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = joined("bob", "#c");
        bob.send("TOPIC #c :mine now");
        bob.expect(reply("482", "bob", "#c :You're not channel operator"));
        assertThat(alice.sync()).noneMatch(l -> l.verb().equals("TOPIC"));
    }

    @Test
    void topicOnUnknownChannelGives403Or442() {
        IrcTestClient alice = registered("alice");
        alice.send("TOPIC #nowhere");
        alice.expectMatching(":irc\\.test (403 alice #nowhere :No such channel|442 alice #nowhere :You're not on that channel)");
    }
}
