package dev.chatscale.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.session.TestServer.Conn;
import org.junit.jupiter.api.Test;

class RegistrationTest {
    private final TestServer server = new TestServer();

    @Test
    void nickAndUserCompleteRegistrationWithTheWelcomeBurstInOrder() {
        Conn c = server.connect();
        assertThat(c.ask("NICK alice")).isEmpty();
        assertThat(c.ask("USER alice 0 * :Alice Liddell")).containsExactly(
                ":irc.test 001 alice :Welcome to the TestNet IRC Network alice!~alice@127.0.0.1",
                ":irc.test 002 alice :Your host is irc.test, running version test-1",
                ":irc.test 003 alice :This server was created Tue Nov 14 2023 at 22:13:20 UTC",
                ":irc.test 004 alice irc.test test-1 i bnotv",
                ":irc.test 005 alice CASEMAPPING=ascii CHANTYPES=# PREFIX=(ov)@+ CHANMODES=b,,,nt NICKLEN=30"
                        + " CHANNELLEN=50 TOPICLEN=390 USERLEN=18 AWAYLEN=200 NETWORK=TestNet CHANLIMIT=#:100"
                        + " MAXTARGETS=4 MODES=3 :are supported by this server",
                ":irc.test 251 alice :There are 0 users and 1 invisible on 1 servers",
                ":irc.test 254 alice 0 :channels formed",
                ":irc.test 255 alice :I have 1 clients and 0 servers",
                ":irc.test 375 alice :- irc.test Message of the day -",
                ":irc.test 372 alice :- hello",
                ":irc.test 376 alice :End of /MOTD command.",
                ":irc.test 221 alice +i");
        assertThat(c.session.isRegistered()).isTrue();
        assertThat(server.hub.userCount()).isEqualTo(1);
    }

    @Test
    void userBeforeNickAlsoRegisters() {
        Conn c = server.connect();
        assertThat(c.ask("USER bob 0 * :Bob")).isEmpty();
        assertThat(c.ask("NICK bob")).first().isEqualTo(":irc.test 001 bob :Welcome to the TestNet IRC Network bob!~bob@127.0.0.1");
    }

    @Test
    void capLsSuspendsRegistrationUntilCapEnd() {
        Conn c = server.connect();
        assertThat(c.ask("CAP LS 302")).containsExactly(":irc.test CAP * LS :echo-message");
        assertThat(c.ask("NICK carol")).isEmpty();
        assertThat(c.ask("USER carol 0 * :Carol")).isEmpty();
        assertThat(c.ask("CAP END")).first().asString().startsWith(":irc.test 001 carol ");
    }

    @Test
    void otherCommandsBeforeRegistrationGet451() {
        Conn c = server.connect();
        assertThat(c.ask("JOIN :")).containsExactly(":irc.test 451 * :You have not registered");
        assertThat(c.ask("FOO")).containsExactly(":irc.test 451 * :You have not registered");
        assertThat(c.ask("PRIVMSG x :y")).containsExactly(":irc.test 451 * :You have not registered");
    }

    @Test
    void pingIsAnsweredBeforeAndAfterRegistration() {
        Conn c = server.connect();
        assertThat(c.ask("PING irc.test")).containsExactly(":irc.test PONG irc.test :irc.test");
        Conn d = server.user("dave");
        assertThat(d.ask("ping :lag 123")).containsExactly(":irc.test PONG irc.test :lag 123");
    }

    @Test
    void commandsAreCaseInsensitiveAndToleratePrefixTagsAndSpaces() {
        Conn c = server.connect();
        c.send("@time=x :someone   nick    erin  ");
        c.send("user   erin 0 *   :Erin  E");
        assertThat(c.take()).first().asString().startsWith(":irc.test 001 erin ");
        assertThat(c.ask("WHOIS erin")).first().isEqualTo(":irc.test 311 erin erin ~erin 127.0.0.1 * :Erin  E");
    }
}
