package dev.chatscale.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.session.TestServer.Conn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random peer input must never make a session throw, and every line sent stays within 512 bytes. */
class FuzzTest {
    private static final String[] VERBS = {"CAP", "PASS", "NICK", "USER", "PING", "PONG", "QUIT", "JOIN", "PART",
        "TOPIC", "NAMES", "LIST", "PRIVMSG", "NOTICE", "WHO", "WHOIS", "USERHOST", "ISON", "AWAY", "MODE", "LUSERS",
        "MOTD", "VERSION", "KICK", "join", "privmsg", ""};
    private static final String[] TOKENS = {"", ":", "::", ",", ",,", "#", "#a", "#a,#b", "#A", "a", "A", "nick",
        "n0", "LS", "REQ", "END", "LIST", ":echo-message", "-echo-message", "+o", "-o", "+v", "+i", "-i", "+b", "b",
        "+ntm", "0", "*", "a,:b", ":x y z", "\u00e9\u00e9", "\ud83d\ude00", "x".repeat(300), "#" + "y".repeat(60),
        "@tag", ":src", "\u0007", "nick2,nick3,#a,#b,#c", "irc.test", "302"};

    @Test
    void randomCommandsNeverThrowAndRepliesFit() {
        TestServer server = new TestServer();
        Random random = new Random(1234);
        List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            conns.add(server.user("nick" + i));
        }
        conns.add(server.connect());
        for (int step = 0; step < 30_000; step++) {
            Conn c = conns.get(random.nextInt(conns.size()));
            StringBuilder line = new StringBuilder(VERBS[random.nextInt(VERBS.length)]);
            int params = random.nextInt(5);
            for (int p = 0; p < params; p++) {
                line.append(random.nextInt(4) == 0 ? "  " : " ").append(TOKENS[random.nextInt(TOKENS.length)]);
            }
            if (random.nextInt(50) == 0) {
                byte[] junk = new byte[random.nextInt(700)];
                random.nextBytes(junk);
                c.bytes(junk);
            } else {
                c.bytes((line + (random.nextBoolean() ? "\r\n" : "\n")).getBytes(StandardCharsets.UTF_8));
            }
            for (String out : c.take()) {
                assertThat(out.getBytes(StandardCharsets.UTF_8).length + 2).isLessThanOrEqualTo(512);
            }
            if (c.session.isClosed()) {
                conns.remove(c);
                conns.add(random.nextBoolean() ? server.connect() : server.user("fresh" + step));
            }
            if (step % 1000 == 0) {
                server.advance(java.time.Duration.ofSeconds(random.nextInt(120)));
                for (Conn any : conns) {
                    any.tick();
                }
            }
        }
        for (Conn c : conns) {
            c.session.onDisconnect(null, server.now);
        }
        assertThat(server.hub.connectionCount()).isZero();
        assertThat(server.hub.channelCount()).isZero();
        assertThat(server.hub.userCount()).isZero();
    }
}
