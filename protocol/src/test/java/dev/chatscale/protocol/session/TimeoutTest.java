package dev.chatscale.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.session.TestServer.Conn;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutTest {
    private final TestServer server = new TestServer();

    @Test
    void unregisteredConnectionIsClosedAfterTheRegistrationTimeout() {
        Conn c = server.connect();
        c.send("NICK slow");
        server.advance(Duration.ofSeconds(59));
        c.tick();
        assertThat(c.take()).isEmpty();
        server.advance(Duration.ofSeconds(1));
        c.tick();
        assertThat(c.take()).containsExactly("ERROR :Closing Link: 127.0.0.1 (Registration timed out)");
        assertThat(c.session.isClosed()).isTrue();
        assertThat(server.hub.nickInUse("slow")).isFalse();
    }

    @Test
    void silenceGetsAPingAndThenAPingTimeout() {
        Conn alice = server.user("alice");
        Conn bob = server.user("bob");
        alice.send("JOIN #a");
        bob.send("JOIN #a");
        bob.take();
        alice.take();
        server.advance(Duration.ofSeconds(89));
        alice.tick();
        assertThat(alice.take()).isEmpty();
        server.advance(Duration.ofSeconds(1));
        alice.tick();
        assertThat(alice.take()).containsExactly("PING :irc.test");
        server.advance(Duration.ofSeconds(29));
        alice.tick();
        assertThat(alice.take()).isEmpty();
        server.advance(Duration.ofSeconds(1));
        alice.tick();
        assertThat(alice.take()).containsExactly("ERROR :Closing Link: 127.0.0.1 (Ping timeout: 120 seconds)");
        assertThat(bob.take()).containsExactly(":alice!~alice@127.0.0.1 QUIT :Ping timeout: 120 seconds");
        assertThat(alice.out.closed()).isTrue();
    }

    @Test
    void anyLineAnswersThePing() {
        Conn alice = server.user("alice");
        server.advance(Duration.ofSeconds(90));
        alice.tick();
        assertThat(alice.take()).containsExactly("PING :irc.test");
        server.advance(Duration.ofSeconds(10));
        alice.send("PONG :whatever");
        server.advance(Duration.ofSeconds(25));
        alice.tick();
        assertThat(alice.take()).isEmpty();
        assertThat(alice.session.isClosed()).isFalse();
        server.advance(Duration.ofSeconds(65));
        alice.tick();
        assertThat(alice.take()).containsExactly("PING :irc.test");
    }
}
