package dev.chatscale.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.session.TestServer;
import dev.chatscale.protocol.session.TestServer.Conn;
import org.junit.jupiter.api.Test;

class CapAndPassTest {
    private final TestServer server = new TestServer();

    @Test
    void capLsAdvertisesEchoMessageBeforeAndAfterRegistration() {
        Conn c = server.connect();
        assertThat(c.ask("CAP LS")).containsExactly(":irc.test CAP * LS :echo-message");
        Conn alice = server.user("alice");
        assertThat(alice.ask("CAP LS 302")).containsExactly(":irc.test CAP alice LS :echo-message");
    }

    @Test
    void capListShowsWhatWasAcked() {
        Conn c = server.connect();
        assertThat(c.ask("CAP LIST")).containsExactly(":irc.test CAP * LIST :");
        assertThat(c.ask("CAP REQ :echo-message")).containsExactly(":irc.test CAP * ACK :echo-message");
        assertThat(c.ask("CAP LIST")).containsExactly(":irc.test CAP * LIST :echo-message");
        assertThat(c.ask("CAP REQ -echo-message")).containsExactly(":irc.test CAP * ACK :-echo-message");
        assertThat(c.ask("CAP LIST")).containsExactly(":irc.test CAP * LIST :");
    }

    @Test
    void capReqNaksTheWholeListUnlessEveryCapIsSupported() {
        Conn c = server.connect();
        assertThat(c.ask("CAP REQ :echo-message server-time")).containsExactly(":irc.test CAP * NAK :echo-message server-time");
        assertThat(c.ask("CAP LIST")).containsExactly(":irc.test CAP * LIST :");
    }

    @Test
    void capReqAloneSuspendsRegistrationUntilEnd() {
        Conn c = server.connect();
        c.send("CAP REQ :echo-message");
        c.send("NICK a");
        assertThat(c.ask("USER a 0 * :A")).hasSize(1);
        assertThat(c.ask("CAP END")).first().asString().contains(" 001 a ");
        assertThat(c.ask("CAP END")).as("CAP END after registration is ignored").isEmpty();
    }

    @Test
    void capErrors() {
        Conn c = server.connect();
        assertThat(c.ask("CAP FOO")).containsExactly(":irc.test 410 * FOO :Invalid CAP command");
        assertThat(c.ask("CAP")).containsExactly(":irc.test 461 * CAP :Not enough parameters");
        assertThat(c.ask("CAP REQ")).containsExactly(":irc.test 461 * CAP :Not enough parameters");
    }

    @Test
    void echoMessageSendsTheSendersOwnMessagesBackOnce() {
        Conn alice = server.connect();
        alice.send("CAP LS 302");
        alice.send("CAP REQ :echo-message");
        alice.send("NICK alice");
        alice.send("USER alice 0 * :A");
        alice.send("CAP END");
        alice.take();
        Conn bob = server.user("bob");
        alice.send("JOIN #c");
        bob.send("JOIN #c");
        alice.take();
        bob.take();
        assertThat(alice.ask("PRIVMSG #c :hi all")).containsExactly(":alice!~alice@127.0.0.1 PRIVMSG #c :hi all");
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 PRIVMSG #c :hi all");
        assertThat(alice.ask("PRIVMSG bob :psst")).containsExactly(":alice!~alice@127.0.0.1 PRIVMSG bob :psst");
        assertThat(alice.ask("NOTICE bob :n")).containsExactly(":alice!~alice@127.0.0.1 NOTICE bob :n");
        assertThat(alice.ask("PRIVMSG alice :me")).containsExactly(":alice!~alice@127.0.0.1 PRIVMSG alice :me");
        assertThat(bob.take()).containsExactly(
                ":alice!~alice@127.0.0.1 PRIVMSG bob :psst", ":alice!~alice@127.0.0.1 NOTICE bob :n");
        assertThat(bob.ask("PRIVMSG #c :no echo for bob")).isEmpty();
    }

    @Test
    void passIsIgnoredWithoutAServerPassword() {
        Conn c = server.connect();
        assertThat(c.ask("PASS whatever")).isEmpty();
        c.send("NICK a");
        assertThat(c.ask("USER a 0 * :A")).first().asString().contains(" 001 a ");
    }

    @Test
    void rightPasswordRegisters() {
        TestServer locked = new TestServer(TestServer.config().withPassword("s3cret"));
        Conn c = locked.connect();
        c.send("PASS s3cret");
        c.send("NICK a");
        assertThat(c.ask("USER a 0 * :A")).first().asString().contains(" 001 a ");
    }

    @Test
    void wrongOrMissingPasswordIsRefusedWhenRegistrationCompletes() {
        TestServer locked = new TestServer(TestServer.config().withPassword("s3cret"));
        Conn wrong = locked.connect();
        wrong.send("PASS nope");
        wrong.send("NICK a");
        assertThat(wrong.ask("USER a 0 * :A")).containsExactly(
                ":irc.test 464 * :Password incorrect",
                "ERROR :Closing Link: 127.0.0.1 (Bad Password)");
        assertThat(wrong.out.closed()).isTrue();
        assertThat(locked.hub.nickInUse("a")).isFalse();
        Conn missing = locked.connect();
        missing.send("NICK b");
        assertThat(missing.ask("USER b 0 * :B")).first().isEqualTo(":irc.test 464 * :Password incorrect");
        assertThat(locked.hub.connectionCount()).isZero();
    }

    @Test
    void passAndUserAfterRegistrationAre462() {
        Conn alice = server.user("alice");
        assertThat(alice.ask("PASS x")).containsExactly(":irc.test 462 alice :You may not reregister");
        assertThat(alice.ask("USER a b c :d")).containsExactly(":irc.test 462 alice :You may not reregister");
    }
}
