package dev.chatscale.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.session.TestServer;
import dev.chatscale.protocol.session.TestServer.Conn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NickAndUserTest {
    private final TestServer server = new TestServer();

    @Test
    void missingNickIs431() {
        Conn c = server.connect();
        assertThat(c.ask("NICK")).containsExactly(":irc.test 431 * :No nickname given");
        assertThat(c.ask("NICK :")).containsExactly(":irc.test 431 * :No nickname given");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1abc", "-abc", "a.b", "a,b", "a*b", "a?b", "a!b", "a@b", "#chan", "a:b",
        "\u00e9t\u00e9", "\\o/", "abcdefghijabcdefghijabcdefghijX"})
    void badNicksAre432(String nick) {
        Conn c = server.connect();
        assertThat(c.ask("NICK " + nick)).containsExactly(":irc.test 432 * " + nick + " :Erroneous nickname");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "Alice", "[x]", "\\o", "`_^{|}", "a1-2", "abcdefghijabcdefghijabcdefghij"})
    void goodNicksAreAccepted(String nick) {
        Conn c = server.connect();
        assertThat(c.ask("NICK " + nick)).isEmpty();
        assertThat(server.hub.nickInUse(nick)).isTrue();
    }

    @Test
    void nickWithSpaceIsTheFirstWordOnly() {
        Conn c = server.connect();
        c.send("NICK :a b");
        assertThat(c.take()).containsExactly(":irc.test 432 * * :Erroneous nickname");
    }

    @Test
    void takenNickIs433CaseInsensitively() {
        server.user("Alice");
        Conn c = server.connect();
        assertThat(c.ask("NICK aLiCe")).containsExactly(":irc.test 433 * aLiCe :Nickname is already in use");
        Conn bob = server.user("bob");
        assertThat(bob.ask("NICK ALICE")).containsExactly(":irc.test 433 bob ALICE :Nickname is already in use");
    }

    @Test
    void unregisteredNickIsReservedToo() {
        Conn first = server.connect();
        first.send("NICK taken");
        Conn second = server.connect();
        assertThat(second.ask("NICK TAKEN")).containsExactly(":irc.test 433 * TAKEN :Nickname is already in use");
    }

    @Test
    void nickChangeIsSentToSelfAndOnceToEachPeerSharingAChannel() {
        Conn alice = server.user("alice");
        Conn bob = server.user("bob");
        Conn carol = server.user("carol");
        Conn stranger = server.user("stranger");
        for (Conn c : new Conn[] {alice, bob}) {
            c.send("JOIN #one");
            c.send("JOIN #two");
        }
        carol.send("JOIN #two");
        alice.take();
        bob.take();
        carol.take();
        assertThat(alice.ask("NICK alicia")).containsExactly(":alice!~alice@127.0.0.1 NICK :alicia");
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 NICK :alicia");
        assertThat(carol.take()).containsExactly(":alice!~alice@127.0.0.1 NICK :alicia");
        assertThat(stranger.take()).isEmpty();
        assertThat(server.hub.nickInUse("alice")).as("old nick released").isFalse();
        assertThat(server.hub.findUser("ALICIA")).isSameAs(alice.session.client());
        assertThat(bob.ask("PRIVMSG #one :hey")).isEmpty();
        assertThat(alice.take()).containsExactly(":bob!~bob@127.0.0.1 PRIVMSG #one :hey");
    }

    @Test
    void caseOnlyChangeOfOwnNickIsAllowed() {
        Conn alice = server.user("alice");
        assertThat(alice.ask("NICK Alice")).containsExactly(":alice!~alice@127.0.0.1 NICK :Alice");
        assertThat(alice.ask("NICK Alice")).as("same nick: nothing").isEmpty();
        assertThat(server.hub.findUser("ALICE").nick()).isEqualTo("Alice");
    }

    @Test
    void unregisteredNickCanBeChangedAndTheOldOneIsFreed() {
        Conn c = server.connect();
        c.send("NICK one");
        c.send("NICK two");
        assertThat(server.hub.nickInUse("one")).isFalse();
        assertThat(c.ask("USER u 0 * :U")).first().asString().contains(" 001 two ");
    }

    @Test
    void userNeedsFourParams() {
        Conn c = server.connect();
        assertThat(c.ask("USER a 0 *")).containsExactly(":irc.test 461 * USER :Not enough parameters");
    }

    @Test
    void userIsShownWithATildeAndCutToUserlen() {
        Conn c = server.connect();
        c.send("NICK n");
        assertThat(c.ask("USER abcdefghijklmnopqrstuvwxyz 0 * :R")).first()
                .isEqualTo(":irc.test 001 n :Welcome to the TestNet IRC Network n!~abcdefghijklmnopq@127.0.0.1");
    }

    @Test
    void userNameCharactersThatWouldBreakThePrefixAreDropped() {
        Conn c = server.connect();
        c.send("NICK n");
        assertThat(c.ask("USER a@b!c 0 * :R")).first().asString().endsWith(" n!~abc@127.0.0.1");
    }

    @Test
    void ipv6HostStartingWithAColonGetsALeadingZero() {
        Conn c = server.connect("::1");
        assertThat(c.session.host()).isEqualTo("0::1");
        c.send("NICK v6");
        assertThat(c.ask("USER v6 0 * :R")).first().asString().endsWith(" v6!~v6@0::1");
        assertThat(server.connect("0:0:0:0:0:0:0:1").session.host()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(server.connect("/10.0.0.1").session.host()).isEqualTo("10.0.0.1");
        assertThat(server.connect("[::1]").session.host()).isEqualTo("0::1");
    }

    @Test
    void quitWithoutReasonIsClientQuit() {
        Conn alice = server.user("alice");
        Conn bob = server.user("bob");
        alice.send("JOIN #a");
        bob.send("JOIN #a");
        bob.take();
        assertThat(alice.ask("QUIT")).last().isEqualTo("ERROR :Closing Link: 127.0.0.1 (Client Quit)");
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 QUIT :Client Quit");
    }

    @Test
    void quitBeforeRegistrationClosesAndFreesTheNick() {
        Conn c = server.connect();
        c.send("NICK early");
        assertThat(c.ask("QUIT :gone")).containsExactly("ERROR :Closing Link: 127.0.0.1 (Quit: gone)");
        assertThat(server.hub.nickInUse("early")).isFalse();
        assertThat(server.hub.connectionCount()).isZero();
        assertThat(c.ask("NICK again")).as("closed session ignores input").isEmpty();
    }
}
