package dev.chatscale.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.session.TestServer;
import dev.chatscale.protocol.session.TestServer.Conn;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCommandsTest {
    private final TestServer server = new TestServer();
    private final Conn alice = server.user("alice");
    private final Conn bob = server.user("bob");

    @Test
    void privmsgErrors() {
        bob.send("JOIN #closed");
        bob.take();
        assertThat(alice.ask("PRIVMSG")).containsExactly(":irc.test 411 alice :No recipient given (PRIVMSG)");
        assertThat(alice.ask("PRIVMSG bob")).containsExactly(":irc.test 412 alice :No text to send");
        assertThat(alice.ask("PRIVMSG bob :")).containsExactly(":irc.test 412 alice :No text to send");
        assertThat(alice.ask("PRIVMSG nobody :hi")).containsExactly(":irc.test 401 alice nobody :No such nick/channel");
        assertThat(alice.ask("PRIVMSG #nowhere :hi")).containsExactly(":irc.test 401 alice #nowhere :No such nick/channel");
        assertThat(alice.ask("PRIVMSG #closed :hi")).containsExactly(":irc.test 404 alice #closed :Cannot send to channel");
        assertThat(bob.take()).isEmpty();
    }

    @Test
    void noticeNeverProducesErrors() {
        bob.send("JOIN #closed");
        bob.send("AWAY :gone");
        bob.take();
        for (String line : List.of("NOTICE", "NOTICE bob", "NOTICE bob :", "NOTICE nobody :x", "NOTICE #nowhere :x",
                "NOTICE #closed :x", "NOTICE a,b,c,d,e :x")) {
            assertThat(alice.ask(line)).as(line).isEmpty();
        }
        assertThat(alice.ask("NOTICE bob :hello")).as("no 301 for NOTICE").isEmpty();
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 NOTICE bob :hello");
    }

    @Test
    void messageToAnAwayUserReturns301() {
        bob.send("AWAY :out for lunch");
        bob.take();
        assertThat(alice.ask("PRIVMSG bob :you there?")).containsExactly(":irc.test 301 alice bob :out for lunch");
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 PRIVMSG bob :you there?");
    }

    @Test
    void severalTargetsUpToMaxtargets() {
        Conn carol = server.user("carol");
        carol.send("JOIN #c");
        alice.send("JOIN #c");
        carol.take();
        alice.take();
        assertThat(alice.ask("PRIVMSG bob,#c,nobody :multi")).containsExactly(":irc.test 401 alice nobody :No such nick/channel");
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 PRIVMSG bob :multi");
        assertThat(carol.take()).containsExactly(":alice!~alice@127.0.0.1 PRIVMSG #c :multi");
        assertThat(alice.ask("PRIVMSG bob,bob,bob,bob,carol :five")).containsExactly(":irc.test 407 alice carol :Too many targets");
        assertThat(carol.take()).isEmpty();
    }

    @Test
    void relayedLinesAreCutToFitIn512BytesAtACharacterBoundary() {
        alice.send("JOIN #c");
        bob.send("JOIN #c");
        alice.take();
        bob.take();
        String prefix = "PRIVMSG #c :";
        String text = "\u00e9".repeat((510 - prefix.length()) / 2); // 2-byte characters, 510-byte input line
        assertThat((prefix + text).getBytes(StandardCharsets.UTF_8).length).isEqualTo(510);
        assertThat(alice.ask(prefix + text)).isEmpty();
        var lines = bob.out.takeEncoded();
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst().length()).isBetween(511, 512);
        String received = lines.getFirst().toString();
        assertThat(received).startsWith(":alice!~alice@127.0.0.1 PRIVMSG #c :\u00e9\u00e9").doesNotContain("\uFFFD");
        assertThat(text).startsWith(received.substring(received.indexOf(" :") + 2));
    }

    @Test
    void targetsAreCaseInsensitive() {
        alice.send("JOIN #Chan");
        bob.send("JOIN #chan");
        alice.take();
        bob.take();
        assertThat(bob.ask("PRIVMSG #CHAN :x")).isEmpty();
        assertThat(alice.take()).containsExactly(":bob!~bob@127.0.0.1 PRIVMSG #Chan :x");
        assertThat(bob.ask("privmsg ALICE :y")).isEmpty();
        assertThat(alice.take()).containsExactly(":bob!~bob@127.0.0.1 PRIVMSG alice :y");
    }

    @Test
    void unregisteredNickIsNotATarget() {
        Conn pending = server.connect();
        pending.send("NICK pending");
        assertThat(alice.ask("PRIVMSG pending :hi")).containsExactly(":irc.test 401 alice pending :No such nick/channel");
        assertThat(pending.take()).isEmpty();
    }

    @Test
    void messageToSelfArrivesOnceWithoutEchoMessage() {
        assertThat(alice.ask("PRIVMSG alice :round trip")).containsExactly(":alice!~alice@127.0.0.1 PRIVMSG alice :round trip");
    }
}
