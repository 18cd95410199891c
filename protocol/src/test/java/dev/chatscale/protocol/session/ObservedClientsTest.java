package dev.chatscale.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.session.TestServer.Conn;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sequences real clients were observed sending (PROTOCOL.md §7), replayed against one session. */
class ObservedClientsTest {
    private final TestServer server = new TestServer();

    @Test
    void irssiGetsAnAnswerToItsCapProbeAndCompletesAfterCapEnd() {
        Conn irssi = server.connect();
        irssi.send("CAP LS 302");
        irssi.send("JOIN :");
        assertThat(irssi.take()).containsExactly(
                ":irc.test CAP * LS :echo-message", ":irc.test 451 * :You have not registered");
        assertThat(irssi.ask("CAP END")).isEmpty();
        irssi.send("NICK irssi");
        List<String> burst = irssi.ask("USER irssi irssi 127.0.0.1 :Irssi User");
        assertThat(burst).contains(":irc.test 376 irssi :End of /MOTD command.");
        assertThat(irssi.ask("MODE irssi +i")).isEmpty();
        irssi.send("JOIN #chan");
        irssi.take();
        irssi.send("MODE #chan");
        irssi.send("WHO #chan");
        irssi.send("MODE #chan b");
        assertThat(irssi.take()).containsExactly(
                ":irc.test 324 irssi #chan +nt",
                ":irc.test 329 irssi #chan " + TestServer.START / 1000,
                ":irc.test 352 irssi #chan ~irssi 127.0.0.1 irc.test irssi H@ :0 Irssi User",
                ":irc.test 315 irssi #chan :End of /WHO list",
                ":irc.test 368 irssi #chan :End of channel ban list");
        assertThat(irssi.ask("PING irc.test")).containsExactly(":irc.test PONG irc.test :irc.test");
    }

    @Test
    void weechatSendsEverythingAtOnceAndNegotiatesAfterLs() {
        Conn weechat = server.connect();
        weechat.bytes("CAP LS 302\r\nNICK wee\r\nUSER wee 0 * :WeeChat\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(weechat.take()).containsExactly(":irc.test CAP * LS :echo-message");
        weechat.send("CAP REQ :echo-message");
        assertThat(weechat.take()).containsExactly(":irc.test CAP * ACK :echo-message");
        List<String> burst = weechat.ask("CAP END");
        assertThat(burst.getFirst()).isEqualTo(":irc.test 001 wee :Welcome to the TestNet IRC Network wee!~wee@127.0.0.1");
        weechat.send("JOIN #w");
        weechat.take();
        assertThat(weechat.ask("MODE #w")).hasSize(2);
    }

    @Test
    void iiSendsNickAndUserOnly() {
        Conn ii = server.connect();
        ii.send("NICK ii");
        assertThat(ii.ask("USER ii localhost 127.0.0.1 :ii user")).first().asString().contains(" 001 ii ");
    }

    @Test
    void ncSendsBareLfLowerCaseAndSloppySpacing() {
        Conn nc = server.connect();
        nc.bytes("nick   nc\nuser nc 0 *  :nc user\njoin #x\nprivmsg   #x   :hello\n".getBytes(StandardCharsets.UTF_8));
        List<String> lines = nc.take();
        assertThat(lines).contains(":irc.test 001 nc :Welcome to the TestNet IRC Network nc!~nc@127.0.0.1",
                ":nc!~nc@127.0.0.1 JOIN #x");
        assertThat(lines.getLast()).isEqualTo(":irc.test 366 nc #x :End of /NAMES list");
    }
}
