package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §2 (CAP) and §7: capability negotiation as irssi and WeeChat do it. */
public abstract class CapScenarios extends ScenarioBase {

    protected CapScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    private static boolean isCap(IrcLine l, String sub) {
        return l.verb().equals("CAP") && sub.equals(l.param(1));
    }

    @Test
    void irssiProbeGetsCapLsAnd451ThenRegistersAfterCapEnd() {
        IrcTestClient irssi = connect("irssi");
        irssi.send("CAP LS 302").send("JOIN :");
        IrcLine ls = irssi.expect(l -> isCap(l, "LS"), IrcTestClient.TIMEOUT, "CAP * LS");
        assertThat(ls.source()).isEqualTo(SERVER);
        assertThat(ls.param(0)).isEqualTo("*");
        assertThat(ls.last().split(" ")).contains("echo-message");
        irssi.expect(reply("451", "*", ":You have not registered"));

        irssi.send("CAP REQ :echo-message");
        irssi.expect(":" + SERVER + " CAP * ACK :echo-message");
        irssi.send("NICK irssi").send("USER irssi irssi 127.0.0.1 :Real irssi");
        List<IrcLine> beforeEnd = irssi.sync();
        assertThat(beforeEnd).as("registration waits for CAP END").noneMatch(l -> l.isNumeric("001"));

        irssi.send("CAP END");
        List<IrcLine> burst = irssi.awaitWelcome();
        assertThat(burst).anyMatch(line(reply("001", "irssi", ":Welcome to the " + NETWORK + " IRC Network " + mask("irssi"))));
    }

    @Test
    void weechatSendsNickAndUserBeforeCapEnd() {
        IrcTestClient weechat = connect("weechat");
        weechat.send("CAP LS 302").send("NICK weechat").send("USER weechat 0 * :Real weechat");
        weechat.expect(l -> isCap(l, "LS"), IrcTestClient.TIMEOUT, "CAP * LS");
        assertThat(weechat.sync()).noneMatch(l -> l.isNumeric("001"));
        weechat.send("CAP END");
        weechat.awaitWelcome();
    }

    @Test
    void capReqWithUnknownCapabilityNaksTheWholeList() {
        IrcTestClient c = connect("c");
        c.send("CAP LS 302");
        c.expect(l -> isCap(l, "LS"), IrcTestClient.TIMEOUT, "CAP * LS");
        c.send("CAP REQ :echo-message bogus-cap");
        c.expect(":" + SERVER + " CAP * NAK :echo-message bogus-cap");
        c.send("CAP LIST");
        c.expect(":" + SERVER + " CAP * LIST :");
        c.send("CAP END");
        c.register("c");
    }

    @Test
    void capListShowsAcknowledgedCapabilities() {
        IrcTestClient c = connect("c");
        c.send("CAP LS 302").send("CAP REQ :echo-message").send("CAP END");
        c.expect(":" + SERVER + " CAP * ACK :echo-message");
        c.register("c");
        c.send("CAP LIST");
        c.expect(":" + SERVER + " CAP c LIST :echo-message");
    }

    @Test
    void unknownCapSubcommandGives410() {
        IrcTestClient c = connect("c");
        c.send("CAP FOO");
        c.expect(reply("410", "*", "FOO :Invalid CAP command"));
        c.register("c");
    }

    @Test
    void capLsIsAnsweredAfterRegistrationAndCapEndIsIgnored() {
        IrcTestClient c = registered("c");
        c.send("CAP LS");
        IrcLine ls = c.expect(l -> isCap(l, "LS"), IrcTestClient.TIMEOUT, "CAP c LS");
        assertThat(ls.param(0)).isEqualTo("c");
        c.send("CAP END");
        assertThat(c.sync()).isEmpty();
    }

    @Test
    void clientWithoutCapRegistersImmediately() {
        IrcTestClient ii = connect("ii");
        ii.send("NICK ii").send("USER ii localhost 127.0.0.1 :Real ii");
        ii.awaitWelcome();
    }
}
