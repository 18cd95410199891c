package dev.chatscale.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.session.TestServer;
import dev.chatscale.protocol.session.TestServer.Conn;
import org.junit.jupiter.api.Test;

class QueryCommandsTest {
    private static final long SIGNON = TestServer.START / 1000;
    private final TestServer server = new TestServer();
    private final Conn alice = server.user("alice");
    private final Conn bob = server.user("bob");

    @Test
    void whoChannelListsMembersWithHereGoneAndOp() {
        alice.send("JOIN #w");
        bob.send("JOIN #w");
        bob.send("AWAY :brb");
        alice.take();
        bob.take();
        assertThat(alice.ask("WHO #W")).containsExactly(
                ":irc.test 352 alice #w ~alice 127.0.0.1 irc.test alice H@ :0 Real alice",
                ":irc.test 352 alice #w ~bob 127.0.0.1 irc.test bob G :0 Real bob",
                ":irc.test 315 alice #W :End of /WHO list");
    }

    @Test
    void whoNickAndUnknownMasks() {
        assertThat(alice.ask("WHO bob")).containsExactly(
                ":irc.test 352 alice * ~bob 127.0.0.1 irc.test bob H :0 Real bob",
                ":irc.test 315 alice bob :End of /WHO list");
        assertThat(alice.ask("WHO #none")).containsExactly(":irc.test 315 alice #none :End of /WHO list");
        assertThat(alice.ask("WHO nobody")).containsExactly(":irc.test 315 alice nobody :End of /WHO list");
        assertThat(alice.ask("WHO")).containsExactly(":irc.test 315 alice * :End of /WHO list");
    }

    @Test
    void whoisShowsEverything() {
        bob.send("JOIN #a");
        bob.send("JOIN #b");
        bob.take();
        alice.send("JOIN #b");
        alice.take();
        bob.take();
        bob.send("AWAY :away now");
        server.now += 7_000;
        bob.take();
        assertThat(alice.ask("WHOIS BOB")).containsExactly(
                ":irc.test 311 alice bob ~bob 127.0.0.1 * :Real bob",
                ":irc.test 319 alice bob :@#a @#b",
                ":irc.test 312 alice bob irc.test :TestNet chatscale server",
                ":irc.test 301 alice bob :away now",
                ":irc.test 317 alice bob 7 " + SIGNON + " :seconds idle, signon time",
                ":irc.test 318 alice BOB :End of /WHOIS list");
    }

    @Test
    void whoisWithoutChannelsOrAwayAndWithAServerParam() {
        assertThat(alice.ask("WHOIS irc.test bob")).containsExactly(
                ":irc.test 311 alice bob ~bob 127.0.0.1 * :Real bob",
                ":irc.test 312 alice bob irc.test :TestNet chatscale server",
                ":irc.test 317 alice bob 0 " + SIGNON + " :seconds idle, signon time",
                ":irc.test 318 alice bob :End of /WHOIS list");
    }

    @Test
    void whoisUnknownIs401Then318() {
        assertThat(alice.ask("WHOIS ghost")).containsExactly(
                ":irc.test 401 alice ghost :No such nick/channel",
                ":irc.test 318 alice ghost :End of /WHOIS list");
        assertThat(alice.ask("WHOIS")).containsExactly(":irc.test 461 alice WHOIS :Not enough parameters");
    }

    @Test
    void idleTimeCountsFromTheLastMessage() {
        server.now += 10_000;
        bob.send("PRIVMSG alice :hi");
        server.now += 3_000;
        alice.take();
        assertThat(alice.ask("WHOIS bob")).contains(":irc.test 317 alice bob 3 " + SIGNON + " :seconds idle, signon time");
    }

    @Test
    void awaySetAndUnset() {
        assertThat(bob.ask("AWAY :gone fishing")).containsExactly(":irc.test 306 bob :You have been marked as being away");
        assertThat(bob.session.client().away()).isEqualTo("gone fishing");
        assertThat(bob.ask("AWAY")).containsExactly(":irc.test 305 bob :You are no longer marked as being away");
        assertThat(alice.ask("PRIVMSG bob :x")).isEmpty();
        bob.send("AWAY :" + "z".repeat(250));
        assertThat(bob.session.client().away()).hasSize(200);
    }

    @Test
    void userhostAndIson() {
        bob.send("AWAY :x");
        bob.take();
        assertThat(alice.ask("USERHOST alice BOB nobody")).containsExactly(
                ":irc.test 302 alice :alice=+~alice@127.0.0.1 bob=-~bob@127.0.0.1");
        assertThat(alice.ask("USERHOST nobody")).containsExactly(":irc.test 302 alice :");
        assertThat(alice.ask("ISON Bob nobody ALICE")).containsExactly(":irc.test 303 alice :bob alice");
        assertThat(alice.ask("ISON :bob nobody")).containsExactly(":irc.test 303 alice :bob");
        assertThat(alice.ask("ISON nobody")).containsExactly(":irc.test 303 alice :");
        assertThat(alice.ask("ISON")).containsExactly(":irc.test 461 alice ISON :Not enough parameters");
        assertThat(alice.ask("USERHOST")).containsExactly(":irc.test 461 alice USERHOST :Not enough parameters");
    }
}
