package dev.chatscale.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.session.TestServer;
import dev.chatscale.protocol.session.TestServer.Conn;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerInfoCommandsTest {
    private final TestServer server = new TestServer();

    @Test
    void lusersCountsUsersInvisibleAndChannels() {
        Conn alice = server.user("alice");
        server.user("bob").send("JOIN #x");
        server.connect(); // unregistered: not a user
        assertThat(alice.ask("LUSERS")).containsExactly(
                ":irc.test 251 alice :There are 0 users and 2 invisible on 1 servers",
                ":irc.test 253 alice 1 :unknown connection(s)",
                ":irc.test 254 alice 1 :channels formed",
                ":irc.test 255 alice :I have 2 clients and 0 servers");
    }

    @Test
    void motdCommandRepeatsTheMotd() {
        Conn alice = server.user("alice");
        assertThat(alice.ask("MOTD")).containsExactly(
                ":irc.test 375 alice :- irc.test Message of the day -",
                ":irc.test 372 alice :- hello",
                ":irc.test 376 alice :End of /MOTD command.");
    }

    @Test
    void emptyMotdIs422InTheBurstToo() {
        TestServer bare = new TestServer(TestServer.config().withMotd(List.of()));
        Conn c = bare.connect();
        c.send("NICK a");
        List<String> burst = c.ask("USER a 0 * :A");
        assertThat(burst).contains(":irc.test 422 a :MOTD File is missing").noneMatch(l -> l.contains(" 375 "));
        assertThat(burst.indexOf(":irc.test 422 a :MOTD File is missing")).isEqualTo(burst.size() - 2);
        assertThat(c.ask("MOTD")).containsExactly(":irc.test 422 a :MOTD File is missing");
    }

    @Test
    void versionRepliesWith351AndIsupport() {
        Conn alice = server.user("alice");
        List<String> lines = alice.ask("VERSION");
        assertThat(lines.getFirst()).isEqualTo(":irc.test 351 alice test-1 irc.test :chatscale IRC core");
        assertThat(lines.get(1)).startsWith(":irc.test 005 alice CASEMAPPING=ascii ");
    }

    @Test
    void isupportDoesNotAdvertiseWhoxAndHasAtMost13TokensPerLine() {
        Conn c = server.connect();
        c.send("NICK a");
        List<String> isupport = c.ask("USER a 0 * :A").stream().filter(l -> l.contains(" 005 ")).toList();
        assertThat(isupport).isNotEmpty().noneMatch(l -> l.contains("WHOX"));
        for (String l : isupport) {
            String tokens = l.substring(":irc.test 005 a ".length(), l.indexOf(" :are supported"));
            assertThat(tokens.split(" ").length).isLessThanOrEqualTo(13);
        }
    }

    @Test
    void unknownCommandAfterRegistrationIs421() {
        Conn alice = server.user("alice");
        assertThat(alice.ask("FROBNICATE x")).containsExactly(":irc.test 421 alice FROBNICATE :Unknown command");
        assertThat(alice.ask("kick #c bob")).containsExactly(":irc.test 421 alice KICK :Unknown command");
    }

    @Test
    void everyRegisteredCommandIsInTheTable() {
        assertThat(server.hub.commands().verbs()).containsExactlyInAnyOrder(
                "CAP", "PASS", "NICK", "USER", "PING", "PONG", "QUIT", "LUSERS", "MOTD", "VERSION", "JOIN", "PART",
                "TOPIC", "NAMES", "LIST", "PRIVMSG", "NOTICE", "WHO", "WHOIS", "USERHOST", "ISON", "AWAY", "MODE");
        assertThat(server.hub.commands().command("PRIVMSG").beforeRegistration()).isFalse();
        assertThat(server.hub.commands().command("NICK").beforeRegistration()).isTrue();
        assertThat(server.hub.commands().command("USER").minParams()).isEqualTo(4);
    }
}
