package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §4: JOIN, PART, NAMES, LIST and channel MODE queries. */
public abstract class ChannelScenarios extends ScenarioBase {

    protected ChannelScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    private static List<String> burstVerbs(List<IrcLine> burst) {
        return burst.stream().map(IrcLine::verb)
                .filter(v -> Set.of("JOIN", "332", "333", "353", "366").contains(v)).toList();
    }

    private static Set<String> names(List<IrcLine> lines) {
        return lines.stream().filter(l -> l.isNumeric("353"))
                .flatMap(l -> Arrays.stream(l.last().split(" "))).collect(Collectors.toSet());
    }

    @Test
    void firstJoinerGetsJoinEchoThenNamesWithFounderOp() {
        IrcTestClient alice = registered("alice");
        List<IrcLine> burst = join(alice, "#c");
        assertThat(burstVerbs(burst)).containsExactly("JOIN", "353", "366");
        assertThat(burst).anyMatch(line(from("alice", "JOIN #c")));
        assertThat(burst).anyMatch(line(reply("353", "alice", "= #c :@alice")));
        assertThat(burst.getLast()).matches(line(reply("366", "alice", "#c :End of /NAMES list")), "366");
    }

    @Test
    void joinIsBroadcastToEveryMemberIncludingJoinerBeforeNames() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient carol = joined("carol", "#c");
        alice.expect(from("carol", "JOIN #c"));
        IrcTestClient bob = registered("bob");
        List<IrcLine> burst = join(bob, "#c");
        assertThat(burstVerbs(burst)).startsWith("JOIN").endsWith("366").doesNotContain("332");
        assertThat(burst.getFirst()).matches(line(from("bob", "JOIN #c")), "JOIN echo first");
        assertThat(names(burst)).containsExactlyInAnyOrder("@alice", "carol", "bob");
        alice.expect(from("bob", "JOIN #c"));
        carol.expect(from("bob", "JOIN #c"));
    }

    @Test
    void joinToTopicChannelSends332And333BeforeNames() {
        IrcTestClient alice = joined("alice", "#c");
        alice.send("TOPIC #c :the topic");
        alice.expect(from("alice", "TOPIC #c :the topic"));
        IrcTestClient bob = registered("bob");
        List<IrcLine> burst = join(bob, "#c");
        assertThat(burstVerbs(burst)).containsExactly("JOIN", "332", "333", "353", "366");
        assertThat(burst).anyMatch(line(reply("332", "bob", "#c :the topic")));
        IrcLine whoTime = burst.stream().filter(l -> l.isNumeric("333")).findFirst().orElseThrow();
        assertThat(whoTime.params()).hasSize(4).startsWith("bob", "#c");
        assertThat(whoTime.param(2)).isIn("alice", mask("alice"));
        assertThat(whoTime.param(3)).matches("\\d{9,}");
    }

    @Test
    void channelNamesAreCaseInsensitiveAndKeepFirstSpelling() {
        IrcTestClient alice = joined("alice", "#Chat");
        IrcTestClient bob = registered("bob");
        List<IrcLine> burst = join(bob, "#CHAT");
        assertThat(burst).anyMatch(line(from("bob", "JOIN #Chat")));
        assertThat(burst).anyMatch(line(reply("353", "bob", "= #Chat :@alice bob"))
                .or(line(reply("353", "bob", "= #Chat :bob @alice"))));
        alice.expect(from("bob", "JOIN #Chat"));
    }

    @Test
    void joiningTwiceIsIgnored() {
        IrcTestClient alice = joined("alice", "#c");
        alice.send("JOIN #c");
        assertThat(alice.sync()).isEmpty();
    }

    @Test
    void joinSeveralChannelsAtOnce() {
        IrcTestClient alice = registered("alice");
        alice.send("JOIN #a,#b");
        alice.expect(from("alice", "JOIN #a"));
        alice.expect(reply("366", "alice", "#a :End of /NAMES list"));
        alice.expect(from("alice", "JOIN #b"));
        alice.expect(reply("366", "alice", "#b :End of /NAMES list"));
    }

    @Test
    void badChannelNameGives403() {
        IrcTestClient alice = registered("alice");
        alice.send("JOIN nochan");
        alice.expectMatching(":irc\\.test (403 alice nochan :No such channel|476 alice nochan :.+)");
    }

    @Test
    void joinZeroPartsEveryChannel() {
        IrcTestClient alice = registered("alice");
        join(alice, "#a");
        join(alice, "#b");
        IrcTestClient bob = joined("bob", "#a");
        alice.send("JOIN 0");
        alice.expect(l -> l.verb().equals("PART") && "#a".equals(l.param(0)), IrcTestClient.TIMEOUT, "PART #a");
        bob.expect(l -> l.verb().equals("PART") && mask("alice").equals(l.source()), IrcTestClient.TIMEOUT, "PART of alice");
        alice.send("NAMES #a");
        assertThat(names(alice.collectUntilNumeric("366"))).containsExactly("@bob");
    }

    @Test
    void partIsBroadcastToAllIncludingParter() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = joined("bob", "#c");
        alice.send("PART #c :see you");
        alice.expect(from("alice", "PART #c :see you"));
        bob.expect(from("alice", "PART #c :see you"));
        alice.send("PART #c");
        alice.expect(reply("442", "alice", "#c :You're not on that channel"));
        alice.send("PART #nowhere");
        alice.expect(reply("403", "alice", "#nowhere :No such channel"));
    }

    @Test
    void emptyChannelIsDestroyed() {
        IrcTestClient alice = joined("alice", "#gone");
        alice.send("PART #gone");
        alice.expect(from("alice", "PART #gone"));
        IrcTestClient bob = registered("bob");
        List<IrcLine> burst = join(bob, "#gone");
        assertThat(names(burst)).as("bob founds it anew").containsExactly("@bob");
    }

    @Test
    void namesListsMembersAndUnknownChannelGetsOnly366() {
        IrcTestClient alice = joined("alice", "#c");
        joined("bob", "#c");
        alice.send("NAMES #c");
        List<IrcLine> reply = alice.collectUntilNumeric("366");
        assertThat(names(reply)).containsExactlyInAnyOrder("@alice", "bob");
        assertThat(reply.getLast()).matches(line(reply("366", "alice", "#c :End of /NAMES list")), "366");
        alice.send("NAMES #nowhere");
        List<IrcLine> none = alice.collectUntilNumeric("366");
        assertThat(none).noneMatch(l -> l.isNumeric("353"));
        assertThat(none.getLast()).matches(line(reply("366", "alice", "#nowhere :End of /NAMES list")), "366");
    }

    @Test
    void listShowsChannelsWithCountAndTopicAndFilters() {
        IrcTestClient alice = joined("alice", "#a");
        alice.send("TOPIC #a :topic of a");
        join(alice, "#b");
        joined("bob", "#a");
        alice.send("LIST");
        List<IrcLine> all = alice.collectUntilNumeric("323");
        assertThat(all).anyMatch(line(reply("322", "alice", "#a 2 :topic of a")));
        assertThat(all).anyMatch(line(reply("322", "alice", "#b 1 :")));
        assertThat(all.getLast()).matches(line(reply("323", "alice", ":End of /LIST")), "323");
        alice.send("LIST #b");
        List<IrcLine> filtered = alice.collectUntilNumeric("323");
        assertThat(filtered.stream().filter(l -> l.isNumeric("322")).map(l -> l.param(1))).containsExactly("#b");
    }

    @Test
    void channelModeQueryGives324And329() {
        IrcTestClient alice = joined("alice", "#c");
        alice.send("MODE #c");
        alice.expect(reply("324", "alice", "#c +nt"));
        IrcLine created = alice.expectNumeric("329");
        assertThat(created.params()).hasSize(3).startsWith("alice", "#c");
        assertThat(created.param(2)).matches("\\d{9,}");
    }

    @Test
    void banListQueryGivesEmpty368() {
        IrcTestClient alice = joined("alice", "#c");
        alice.send("MODE #c b");
        alice.expect(reply("368", "alice", "#c :End of channel ban list"));
    }

    @Test
    void unsupportedChannelModeChangeIsRefused() {
        IrcTestClient alice = joined("alice", "#c");
        alice.send("MODE #c +k key");
        alice.expectMatching(":irc\\.test (472 alice k :is unknown mode char to me|482 alice #c :You're not channel operator)");
    }
}
