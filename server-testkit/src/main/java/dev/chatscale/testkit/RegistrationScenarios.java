package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §2: registration, the welcome burst, and every registration error. */
public abstract class RegistrationScenarios extends ScenarioBase {

    protected RegistrationScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    @Test
    void welcomeBurstSends001To005InOrderThenMotd() {
        IrcTestClient alice = connect("alice");
        List<IrcLine> burst = alice.register("alice");

        List<String> numerics = burst.stream().map(IrcLine::verb).filter(v -> v.matches("\\d{3}")).toList();
        assertThat(numerics.subList(0, 5)).containsExactly("001", "002", "003", "004", "005");
        assertThat(burst.stream().filter(l -> l.verb().matches("\\d{3}")).findFirst().orElseThrow())
                .matches(line(reply("001", "alice", ":Welcome to the " + NETWORK + " IRC Network " + mask("alice"))),
                        "001 text");
        assertThat(burst).anyMatch(line(reply("002", "alice", ":Your host is " + SERVER + ", running version " + VERSION)));
        assertThat(burst).anyMatch(l -> l.isNumeric("003") && l.last().startsWith("This server was created "));
        IrcLine myInfo = burst.stream().filter(l -> l.isNumeric("004")).findFirst().orElseThrow();
        assertThat(myInfo.params()).hasSize(5).startsWith("alice", SERVER, VERSION);

        int motdStart = numerics.indexOf("375");
        assertThat(motdStart).as("375 after 005").isGreaterThan(numerics.lastIndexOf("005"));
        assertThat(burst).anyMatch(line(reply("375", "alice", ":- " + SERVER + " Message of the day -")));
        List<String> motd = burst.stream().filter(l -> l.isNumeric("372")).map(IrcLine::last).toList();
        assertThat(motd).containsExactly("- " + MOTD.get(0), "- " + MOTD.get(1));
        assertThat(burst.getLast()).matches(line(reply("376", "alice", ":End of /MOTD command.")), "376 last");
    }

    @Test
    void isupportAdvertisesAsciiCasemappingAndNetworkWithAtMost13TokensPerLine() {
        IrcTestClient alice = connect("alice");
        List<IrcLine> burst = alice.register("alice");

        List<String> tokens = new ArrayList<>();
        for (IrcLine l : burst) {
            if (l.isNumeric("005")) {
                assertThat(l.param(0)).isEqualTo("alice");
                assertThat(l.last()).isEqualTo("are supported by this server");
                List<String> lineTokens = l.params().subList(1, l.params().size() - 1);
                assertThat(lineTokens).hasSizeBetween(1, 13);
                tokens.addAll(lineTokens);
            }
        }
        assertThat(tokens).contains("CASEMAPPING=ascii", "NETWORK=" + NETWORK, "CHANTYPES=#");
        assertThat(tokens).as("PREFIX must match what NAMES shows").anyMatch(t -> t.startsWith("PREFIX=") && t.contains("@"));
        assertThat(tokens).as("WHOX is not implemented, must not be advertised").doesNotContain("WHOX");
    }

    @Test
    void emptyMotdGives422() {
        startServer(testConfig().withMotd(List.of()));
        IrcTestClient alice = connect("alice");
        List<IrcLine> burst = alice.register("alice");
        assertThat(burst.getLast()).matches(line(reply("422", "alice", ":MOTD File is missing")), "422");
        assertThat(burst).noneMatch(l -> l.isNumeric("375") || l.isNumeric("372"));
    }

    @Test
    void userBeforeNickRegistersToo() {
        IrcTestClient alice = connect("alice");
        alice.send("USER alice 0 * :Real alice").send("NICK alice");
        List<IrcLine> burst = alice.awaitWelcome();
        assertThat(burst).anyMatch(l -> l.isNumeric("001") && l.last().endsWith(mask("alice")));
    }

    @Test
    void irssiStyleUserParametersAreIgnored() {
        IrcTestClient alice = connect("alice");
        alice.send("NICK alice").send("USER alice alice 127.0.0.1 :Alice Liddell");
        alice.awaitWelcome();
        IrcTestClient bob = registered("bob");
        bob.send("WHOIS alice");
        bob.expect(reply("311", "bob", "alice ~alice " + HOST + " * :Alice Liddell"));
    }

    @Test
    void nickWithoutParameterGives431() {
        IrcTestClient c = connect("c");
        c.send("NICK");
        c.expect(reply("431", "*", ":No nickname given"));
    }

    @Test
    void erroneousNicknamesGive432() {
        IrcTestClient c = connect("c");
        List<String> bad = List.of("1abc", "-dash", "a,b", "a*b", "a?b", "a!b", "a@b", "a.b", "#chan",
                "x".repeat(31));
        for (String nick : bad) {
            c.send("NICK " + nick);
            c.expect(reply("432", "*", nick + " :Erroneous nickname"));
        }
        c.register("good");
    }

    @Test
    void nicknamesWithSpecialCharactersAreAccepted() {
        registered("[x]");
        registered("`_^{|}\\");
        registered("a-9");
        registered("x".repeat(30));
    }

    @Test
    void nickInUseGives433CaseInsensitively() {
        registered("alice");
        IrcTestClient other = connect("other");
        other.send("NICK ALICE");
        other.expect(reply("433", "*", "ALICE :Nickname is already in use"));
        other.send("NICK Alice");
        other.expect(reply("433", "*", "Alice :Nickname is already in use"));
        other.register("alice2");
    }

    @Test
    void userWithTooFewParametersGives461() {
        IrcTestClient c = connect("c");
        c.send("USER u 0 *");
        c.expect(reply("461", "*", "USER :Not enough parameters"));
        c.register("c");
    }

    @Test
    void userAndPassAfterRegistrationGive462() {
        IrcTestClient alice = registered("alice");
        alice.send("USER alice 0 * :Again");
        alice.expect(reply("462", "alice", ":You may not reregister"));
        alice.send("PASS secret");
        alice.expect(reply("462", "alice", ":You may not reregister"));
    }

    @Test
    void commandsBeforeRegistrationGive451() {
        IrcTestClient c = connect("c");
        c.send("JOIN #chan");
        c.expect(reply("451", "*", ":You have not registered"));
        c.send("PRIVMSG #chan :hi");
        c.expect(reply("451", "*", ":You have not registered"));
        c.register("c");
    }

    @Test
    void pingIsAnsweredBeforeRegistration() {
        IrcTestClient c = connect("c");
        c.send("PING early");
        c.expect(":" + SERVER + " PONG " + SERVER + " :early");
    }

    @Test
    void passIsIgnoredWithoutServerPassword() {
        IrcTestClient c = connect("c");
        c.send("PASS whatever");
        c.register("c");
    }

    @Test
    void correctPasswordRegisters() {
        startServer(testConfig().withPassword("sesame"));
        IrcTestClient c = connect("c");
        c.send("PASS sesame");
        c.register("c");
    }

    @Test
    void wrongPasswordGives464AndClosesLink() {
        startServer(testConfig().withPassword("sesame"));
        IrcTestClient c = connect("c");
        c.send("PASS wrong").send("NICK c").send("USER c 0 * :Real c");
        c.expectMatching(":" + SERVER.replace(".", "\\.") + " 464 (\\*|c) :Password incorrect");
        c.expectMatching("ERROR :Closing Link: " + HOST.replace(".", "\\.") + ".*");
        List<IrcLine> rest = c.awaitClosed();
        assertThat(rest).noneMatch(l -> l.isNumeric("001"));
    }

    @Test
    void missingPasswordGives464() {
        startServer(testConfig().withPassword("sesame"));
        IrcTestClient c = connect("c");
        c.send("NICK c").send("USER c 0 * :Real c");
        c.expectMatching(":" + SERVER.replace(".", "\\.") + " 464 (\\*|c) :Password incorrect");
        c.awaitClosed();
    }

    @Test
    void registrationTimesOutWithError() {
        startServer(testConfig().withRegistrationTimeout(Duration.ofMillis(300)));
        IrcTestClient c = connect("c");
        c.send("NICK c");
        List<IrcLine> lines = c.awaitClosed(Duration.ofSeconds(10));
        assertThat(lines).anyMatch(line("ERROR :Closing Link: " + HOST + " (Registration timed out)"));
    }

    @Test
    void quitBeforeRegistrationClosesLink() {
        IrcTestClient c = connect("c");
        c.send("NICK c").send("QUIT :bye");
        List<IrcLine> lines = c.awaitClosed();
        assertThat(lines).anyMatch(l -> l.verb().equals("ERROR") && l.last().startsWith("Closing Link: " + HOST));
    }
}
