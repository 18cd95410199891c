package dev.chatscale.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.session.TestServer;
import dev.chatscale.protocol.session.TestServer.Conn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModeCommandsTest {
    private final TestServer server = new TestServer();
    private final Conn alice = server.user("alice");
    private final Conn bob = server.user("bob");

    @BeforeEach
    void bothOnChannel() {
        alice.send("JOIN #m");
        bob.send("JOIN #m");
        alice.take();
        bob.take();
    }

    @Test
    void channelModeQueryIs324And329() {
        assertThat(bob.ask("MODE #M")).containsExactly(
                ":irc.test 324 bob #m +nt", ":irc.test 329 bob #m " + TestServer.START / 1000);
    }

    @Test
    void banListQueryIsAlwaysEmpty() {
        assertThat(bob.ask("MODE #m b")).containsExactly(":irc.test 368 bob #m :End of channel ban list");
        assertThat(bob.ask("MODE #m +b")).containsExactly(":irc.test 368 bob #m :End of channel ban list");
    }

    @Test
    void nonOpsCannotChangeModes() {
        assertThat(bob.ask("MODE #m +m")).containsExactly(":irc.test 482 bob #m :You're not channel operator");
        assertThat(bob.ask("MODE #m +o bob")).containsExactly(":irc.test 482 bob #m :You're not channel operator");
    }

    @Test
    void unsupportedModesAre472() {
        assertThat(alice.ask("MODE #m +m")).containsExactly(":irc.test 472 alice m :is unknown mode char to me");
        assertThat(alice.ask("MODE #m -t")).containsExactly(":irc.test 472 alice t :is unknown mode char to me");
        assertThat(alice.ask("MODE #m +b *!*@*")).containsExactly(":irc.test 472 alice b :is unknown mode char to me");
        assertThat(alice.ask("MODE #m +nt")).as("already set").isEmpty();
    }

    @Test
    void opsGiveAndTakeOpAndVoice() {
        assertThat(alice.ask("MODE #m +o bob")).containsExactly(":alice!~alice@127.0.0.1 MODE #m +o bob");
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 MODE #m +o bob");
        assertThat(bob.ask("NAMES #m")).first().isEqualTo(":irc.test 353 bob = #m :@alice @bob");
        assertThat(bob.ask("TOPIC #m :ops may")).containsExactly(":bob!~bob@127.0.0.1 TOPIC #m :ops may");
        alice.take();
        assertThat(alice.ask("MODE #m -o+v bob bob")).containsExactly(":alice!~alice@127.0.0.1 MODE #m -o+v bob bob");
        assertThat(alice.ask("NAMES #m")).first().isEqualTo(":irc.test 353 alice = #m :@alice +bob");
        assertThat(alice.ask("WHO #m")).contains(":irc.test 352 alice #m ~bob 127.0.0.1 irc.test bob H+ :0 Real bob");
        assertThat(alice.ask("MODE #m +v bob")).as("no change, no line").isEmpty();
    }

    @Test
    void statusModeTargetErrors() {
        Conn carol = server.user("carol");
        assertThat(alice.ask("MODE #m +o ghost")).containsExactly(":irc.test 401 alice ghost :No such nick/channel");
        assertThat(alice.ask("MODE #m +o carol")).containsExactly(":irc.test 441 alice carol #m :They aren't on that channel");
        assertThat(carol.take()).isEmpty();
    }

    @Test
    void unknownChannelIs403AndMissingTargetIs461() {
        assertThat(alice.ask("MODE #nope")).containsExactly(":irc.test 403 alice #nope :No such channel");
        assertThat(alice.ask("MODE")).containsExactly(":irc.test 461 alice MODE :Not enough parameters");
    }

    @Test
    void userModeQueryAndInvisibleToggle() {
        assertThat(alice.ask("MODE alice")).containsExactly(":irc.test 221 alice +i");
        assertThat(alice.ask("MODE alice +i")).as("already +i: ignored").isEmpty();
        assertThat(alice.ask("MODE ALICE -i")).containsExactly(":alice!~alice@127.0.0.1 MODE alice :-i");
        assertThat(alice.ask("MODE alice")).containsExactly(":irc.test 221 alice +");
        assertThat(alice.ask("LUSERS")).first().isEqualTo(":irc.test 251 alice :There are 1 users and 1 invisible on 1 servers");
        assertThat(alice.ask("MODE alice +i")).containsExactly(":alice!~alice@127.0.0.1 MODE alice :+i");
        assertThat(alice.ask("MODE alice +x")).containsExactly(":irc.test 501 alice :Unknown MODE flag");
    }

    @Test
    void otherUsersModesAre502() {
        assertThat(alice.ask("MODE bob")).containsExactly(":irc.test 502 alice :Can't change mode for other users");
        assertThat(alice.ask("MODE bob +i")).containsExactly(":irc.test 502 alice :Can't change mode for other users");
        assertThat(alice.ask("MODE ghost")).containsExactly(":irc.test 401 alice ghost :No such nick/channel");
    }
}
