package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §4-5: WHO, WHOIS, user MODE, AWAY, USERHOST and ISON. */
public abstract class QueryScenarios extends ScenarioBase {

    protected QueryScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    @Test
    void whoChannelListsEveryMemberThen315() {
        IrcTestClient alice = joined("alice", "#c");
        IrcTestClient bob = joined("bob", "#c");
        bob.send("AWAY :out");
        bob.expectNumeric("306");
        alice.send("WHO #c");
        List<IrcLine> who = alice.collectUntilNumeric("315");
        assertThat(who).anyMatch(line(reply("352", "alice", "#c ~alice " + HOST + " " + SERVER + " alice H@ :0 Real alice")));
        assertThat(who).anyMatch(line(reply("352", "alice", "#c ~bob " + HOST + " " + SERVER + " bob G :0 Real bob")));
        assertThat(who.getLast()).matches(line(reply("315", "alice", "#c :End of /WHO list")), "315");
    }

    @Test
    void whoNickUsesStarAsChannel() {
        IrcTestClient alice = registered("alice");
        registered("bob");
        alice.send("WHO bob");
        alice.expect(reply("352", "alice", "* ~bob " + HOST + " " + SERVER + " bob H :0 Real bob"));
        alice.expect(reply("315", "alice", "bob :End of /WHO list"));
    }

    @Test
    void whoisGives311And312And318() {
        IrcTestClient alice = registered("alice");
        IrcTestClient bob = joined("bob", "#c");
        alice.send("WHOIS bob");
        List<IrcLine> whois = alice.collectUntilNumeric("318");
        assertThat(whois).anyMatch(line(reply("311", "alice", "bob ~bob " + HOST + " * :Real bob")));
        assertThat(whois).anyMatch(l -> l.isNumeric("312") && l.params().size() == 4
                && l.param(1).equals("bob") && l.param(2).equals(SERVER));
        assertThat(whois.getLast()).matches(line(reply("318", "alice", "bob :End of /WHOIS list")), "318");
        assertThat(whois).noneMatch(l -> l.isNumeric("301"));
        bob.send("AWAY :busy");
        bob.expectNumeric("306");
        alice.send("WHOIS bob");
        assertThat(alice.collectUntilNumeric("318")).anyMatch(line(reply("301", "alice", "bob :busy")));
    }

    @Test
    void whoisUnknownGives401Then318() {
        IrcTestClient alice = registered("alice");
        alice.send("WHOIS ghost");
        alice.expect(reply("401", "alice", "ghost :No such nick/channel"));
        alice.expect(reply("318", "alice", "ghost :End of /WHOIS list"));
    }

    @Test
    void userModeQueryGives221() {
        IrcTestClient alice = registered("alice");
        alice.send("MODE alice");
        IrcLine mode = alice.expectNumeric("221");
        assertThat(mode.params()).hasSize(2).startsWith("alice");
        assertThat(mode.param(1)).matches("\\+i?");
    }

    @Test
    void settingInvisibleLikeIrssiIsHarmless() {
        IrcTestClient alice = registered("alice");
        alice.send("MODE alice +i");
        assertNone(alice.sync(), IrcLine::isErrorNumeric, "MODE me +i is echoed or ignored");
    }

    @Test
    void modeOfOtherUserGives502() {
        IrcTestClient alice = registered("alice");
        registered("bob");
        alice.send("MODE bob");
        alice.expect(reply("502", "alice", ":Can't change mode for other users"));
    }

    @Test
    void awaySetsAndClears() {
        IrcTestClient alice = registered("alice");
        alice.send("AWAY :gone");
        alice.expect(reply("306", "alice", ":You have been marked as being away"));
        alice.send("AWAY");
        alice.expect(reply("305", "alice", ":You are no longer marked as being away"));
        IrcTestClient bob = registered("bob");
        bob.send("PRIVMSG alice :back?");
        assertNone(bob.sync(), l -> l.isNumeric("301"), "no 301 once back");
    }

    @Test
    void userhostShowsAwayFlagAndSkipsUnknown() {
        IrcTestClient alice = registered("alice");
        IrcTestClient bob = registered("bob");
        bob.send("AWAY :zzz");
        bob.expectNumeric("306");
        alice.send("USERHOST alice nobody bob");
        alice.expect(reply("302", "alice", ":alice=+~alice@" + HOST + " bob=-~bob@" + HOST));
    }

    @Test
    void isonListsOnlyOnlineNicks() {
        IrcTestClient alice = registered("alice");
        registered("bob");
        alice.send("ISON nobody BOB alice");
        IrcLine ison = alice.expectNumeric("303");
        assertThat(ison.params()).hasSize(2).startsWith("alice");
        assertThat(ison.last().toLowerCase(Locale.ROOT).split(" ")).as("online nicks in request order")
                .containsExactly("bob", "alice");
    }
}
