package dev.chatscale.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.session.TestServer;
import dev.chatscale.protocol.session.TestServer.Conn;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelCommandsTest {
    private final TestServer server = new TestServer();
    private final Conn alice = server.user("alice");
    private final Conn bob = server.user("bob");

    private void bothJoin(String channel) {
        alice.send("JOIN " + channel);
        bob.send("JOIN " + channel);
        alice.take();
        bob.take();
    }

    @Test
    void joinWithoutAChannelIs461() {
        assertThat(alice.ask("JOIN")).containsExactly(":irc.test 461 alice JOIN :Not enough parameters");
        assertThat(alice.ask("JOIN :")).containsExactly(":irc.test 461 alice JOIN :Not enough parameters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nohash", "#", "&local", "#bell\u0007", "#aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void badChannelNamesAre403(String name) {
        assertThat(alice.ask("JOIN " + name)).containsExactly(":irc.test 403 alice " + name + " :No such channel");
    }

    @Test
    void channelNameLimitIsFiftyBytes() {
        String fifty = "#" + "a".repeat(49);
        assertThat(alice.ask("JOIN " + fifty)).first().isEqualTo(":alice!~alice@127.0.0.1 JOIN " + fifty);
        String multibyte = "#" + "\u00e9".repeat(25); // 51 bytes
        assertThat(alice.ask("JOIN " + multibyte)).containsExactly(":irc.test 403 alice " + multibyte + " :No such channel");
    }

    @Test
    void joinSeveralChannelsAtOnceAndDisplayTheFirstSpelling() {
        assertThat(alice.ask("JOIN #One,#two key")).containsExactly(
                ":alice!~alice@127.0.0.1 JOIN #One",
                ":irc.test 353 alice = #One :@alice",
                ":irc.test 366 alice #One :End of /NAMES list",
                ":alice!~alice@127.0.0.1 JOIN #two",
                ":irc.test 353 alice = #two :@alice",
                ":irc.test 366 alice #two :End of /NAMES list");
        assertThat(bob.ask("JOIN #ONE")).first().isEqualTo(":bob!~bob@127.0.0.1 JOIN #One");
    }

    @Test
    void joinZeroPartsEveryChannel() {
        bothJoin("#a,#b");
        assertThat(alice.ask("JOIN 0")).containsExactly(":alice!~alice@127.0.0.1 PART #a", ":alice!~alice@127.0.0.1 PART #b");
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 PART #a", ":alice!~alice@127.0.0.1 PART #b");
        assertThat(alice.session.client().channels()).isEmpty();
    }

    @Test
    void joiningMoreThanChanlimitChannelsIs405() {
        for (int i = 0; i < 100; i++) {
            alice.send("JOIN #c" + i);
        }
        alice.take();
        assertThat(alice.ask("JOIN #onemore")).containsExactly(":irc.test 405 alice #onemore :You have joined too many channels");
    }

    @Test
    void joinShowsTheTopicBeforeTheNames() {
        alice.send("JOIN #t");
        alice.send("TOPIC #t :the topic");
        alice.take();
        assertThat(bob.ask("JOIN #t")).containsExactly(
                ":bob!~bob@127.0.0.1 JOIN #t",
                ":irc.test 332 bob #t :the topic",
                ":irc.test 333 bob #t alice " + TestServer.START / 1000,
                ":irc.test 353 bob = #t :@alice bob",
                ":irc.test 366 bob #t :End of /NAMES list");
    }

    @Test
    void partIsSentToAllMembersIncludingTheParter() {
        bothJoin("#p");
        assertThat(bob.ask("PART #p :see you later")).containsExactly(":bob!~bob@127.0.0.1 PART #p :see you later");
        assertThat(alice.take()).containsExactly(":bob!~bob@127.0.0.1 PART #p :see you later");
        assertThat(alice.ask("PART #p")).containsExactly(":alice!~alice@127.0.0.1 PART #p");
        assertThat(server.hub.findChannel("#p")).as("empty channel destroyed").isNull();
    }

    @Test
    void partErrors() {
        alice.send("JOIN #mine");
        alice.take();
        assertThat(bob.ask("PART #nowhere")).containsExactly(":irc.test 403 bob #nowhere :No such channel");
        assertThat(bob.ask("PART #MINE")).containsExactly(":irc.test 442 bob #mine :You're not on that channel");
        assertThat(bob.ask("PART")).containsExactly(":irc.test 461 bob PART :Not enough parameters");
    }

    @Test
    void topicQueryAndChange() {
        bothJoin("#t");
        assertThat(bob.ask("TOPIC #t")).containsExactly(":irc.test 331 bob #t :No topic is set");
        server.now += 5_000;
        assertThat(alice.ask("TOPIC #t :new topic")).containsExactly(":alice!~alice@127.0.0.1 TOPIC #t :new topic");
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 TOPIC #t :new topic");
        assertThat(bob.ask("TOPIC #T")).containsExactly(
                ":irc.test 332 bob #t :new topic",
                ":irc.test 333 bob #t alice " + (TestServer.START / 1000 + 5));
        assertThat(alice.ask("TOPIC #t :")).containsExactly(":alice!~alice@127.0.0.1 TOPIC #t :");
        bob.take();
        assertThat(bob.ask("TOPIC #t")).containsExactly(":irc.test 331 bob #t :No topic is set");
    }

    @Test
    void topicIsCutToTopiclen() {
        alice.send("JOIN #t");
        alice.take();
        alice.send("TOPIC #t :" + "x".repeat(400));
        assertThat(alice.take()).containsExactly(":alice!~alice@127.0.0.1 TOPIC #t :" + "x".repeat(390));
    }

    @Test
    void topicErrors() {
        bothJoin("#t");
        Conn carol = server.user("carol");
        assertThat(bob.ask("TOPIC #t :mine")).containsExactly(":irc.test 482 bob #t :You're not channel operator");
        assertThat(carol.ask("TOPIC #t :mine")).containsExactly(":irc.test 442 carol #t :You're not on that channel");
        assertThat(carol.ask("TOPIC #none")).containsExactly(":irc.test 403 carol #none :No such channel");
        assertThat(carol.ask("TOPIC")).containsExactly(":irc.test 461 carol TOPIC :Not enough parameters");
        assertThat(carol.ask("TOPIC #t")).as("query by a non-member of a public channel")
                .containsExactly(":irc.test 331 carol #t :No topic is set");
    }

    @Test
    void namesReplies() {
        bothJoin("#n");
        assertThat(bob.ask("NAMES #n")).containsExactly(
                ":irc.test 353 bob = #n :@alice bob", ":irc.test 366 bob #n :End of /NAMES list");
        assertThat(bob.ask("NAMES #unknown")).containsExactly(":irc.test 366 bob #unknown :End of /NAMES list");
        assertThat(bob.ask("NAMES")).containsExactly(":irc.test 366 bob * :End of /NAMES list");
    }

    @Test
    void namesAreSplitSoEveryLineFitsIn512Bytes() {
        alice.send("JOIN #big");
        for (int i = 0; i < 60; i++) {
            Conn c = server.user("member" + "x".repeat(20) + i);
            c.send("JOIN #big");
        }
        alice.take();
        List<String> lines = alice.ask("NAMES #big");
        assertThat(lines.size()).isGreaterThan(2);
        assertThat(lines).allSatisfy(l -> assertThat(l.length() + 2).isLessThanOrEqualTo(512));
        assertThat(lines.getLast()).isEqualTo(":irc.test 366 alice #big :End of /NAMES list");
        long names = lines.stream().filter(l -> l.contains(" 353 "))
                .mapToLong(l -> l.substring(l.indexOf(" :") + 2).split(" ").length).sum();
        assertThat(names).isEqualTo(61);
    }

    @Test
    void listShowsChannelsWithCountsAndTopics() {
        bothJoin("#a");
        alice.send("JOIN #b");
        alice.send("TOPIC #b :b topic");
        alice.take();
        List<String> all = bob.ask("LIST");
        assertThat(all.getFirst()).isEqualTo(":irc.test 321 bob Channel :Users  Name");
        assertThat(all.subList(1, 3)).containsExactlyInAnyOrder(
                ":irc.test 322 bob #a 2 :", ":irc.test 322 bob #b 1 :b topic");
        assertThat(all.getLast()).isEqualTo(":irc.test 323 bob :End of /LIST");
        assertThat(bob.ask("LIST #b,#nothing")).containsExactly(
                ":irc.test 321 bob Channel :Users  Name", ":irc.test 322 bob #b 1 :b topic", ":irc.test 323 bob :End of /LIST");
    }
}
