package dev.chatscale.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatscale.protocol.session.RecordingOutbound;
import dev.chatscale.protocol.session.Session;
import dev.chatscale.protocol.session.TestServer;
import dev.chatscale.protocol.session.TestServer.Conn;
import dev.chatscale.protocol.state.Channel;
import dev.chatscale.protocol.state.Client;
import dev.chatscale.protocol.state.Hub;
import dev.chatscale.protocol.wire.CaseMapping;
import dev.chatscale.protocol.wire.EncodedLine;
import dev.chatscale.protocol.wire.LineEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of {@link Session} against a real {@link Hub} (issue 7 item 9).
 *
 * <p>The input is a script, one step per line; the first character picks the step, a digit after
 * it the connection (modulo the live ones):
 * <pre>
 *   0..9 text   send "text\r\n" over TCP          w0 text  one WebSocket message "text"
 *   r0 text     raw TCP bytes, no terminator       t90      advance the clock 90 s and tick all
 *   x0 reason   transport reports EOF / error      s0 why   server-side shutdown
 *   c           a new connection                   f0       9000 bytes without a terminator
 *   anything else: the whole line + LF to a connection chosen by its first byte
 * </pre>
 * Three connections start unregistered (127.0.0.1, ::1, 127.0.0.2); seeds register them by script.
 * {@code ./mvnw verify} replays the committed scripts under
 * {@code src/test/resources/dev/chatscale/protocol/fuzz/SessionFuzzTestInputs/}; a fuzzing run is
 * {@code JAZZER_FUZZ=1 ./mvnw test -pl protocol -Dtest=SessionFuzzTest}.
 *
 * <p>Supersedes the seeded random {@code session.FuzzTest} as the place for new properties (that
 * test still runs as a fast smoke test).
 */
class SessionFuzzTest {
    private static final int MAX_CONNECTIONS = 6;

    /**
     * After every step: nothing threw; every line sent is at most 512 bytes, ends in CRLF and has
     * no CR, LF or NUL inside; a session is closed exactly when its outbound was closed, once, and a
     * flood closes it with {@code Excess Flood}; the hub's books balance (connection, user and
     * invisible counts; nick map and channel membership agree both ways; no channel is empty or
     * holds a closed client). After every connection ends, the hub is empty.
     */
    @FuzzTest(maxDuration = "10m")
    void anyScriptKeepsLinesWellFormedAndTheHubConsistent(byte[] script) {
        TestServer server = new TestServer();
        List<Conn> all = new ArrayList<>();
        for (String ip : new String[] {"127.0.0.1", "::1", "127.0.0.2"}) {
            all.add(server.connect(ip));
        }
        int steps = 0;
        for (byte[] step : split(script)) {
            if (++steps > 400) {
                break; // keep one input fast
            }
            run(server, all, step);
            for (Conn c : all) {
                checkLines(c.out);
                assertThat(c.out.closed()).as("outbound closed iff session closed").isEqualTo(c.session.isClosed());
                assertThat(c.out.closeCalls()).isLessThanOrEqualTo(1);
            }
            checkHub(server.hub, all);
        }
        for (Conn c : all) {
            c.session.onDisconnect(null, server.now);
            checkLines(c.out);
        }
        checkHub(server.hub, all);
        Hub hub = server.hub;
        assertThat(hub.connectionCount()).isZero();
        assertThat(hub.userCount()).isZero();
        assertThat(hub.invisibleCount()).isZero();
        assertThat(hub.channelCount()).isZero();
        assertThat(hub.channels()).isEmpty();
        for (Conn c : all) {
            String nick = c.session.nick();
            if (nick != null) {
                assertThat(hub.nickInUse(nick)).as("nick %s released", nick).isFalse();
            }
        }
    }

    private static void run(TestServer server, List<Conn> all, byte[] step) {
        List<Conn> live = new ArrayList<>();
        for (Conn c : all) {
            if (!c.session.isClosed()) {
                live.add(c);
            }
        }
        if (step.length == 0) {
            return;
        }
        byte op = step[0];
        if (op == 'c') {
            if (live.size() < MAX_CONNECTIONS) {
                all.add(server.connect(all.size() % 2 == 0 ? "127.0.0.3" : "2001:db8::7"));
            }
            return;
        }
        if (op == 't') {
            server.advance(Duration.ofSeconds(number(step, 1) % 600));
            for (Conn c : live) {
                c.tick();
            }
            return;
        }
        if (live.isEmpty()) {
            return;
        }
        boolean addressed = step.length >= 2 && step[1] >= '0' && step[1] <= '9';
        Conn c = live.get(Math.floorMod(addressed ? step[1] - '0' : op, live.size()));
        byte[] rest = Arrays.copyOfRange(step, Math.min(step.length, addressed ? 2 : 1), step.length);
        String text = new String(rest, StandardCharsets.UTF_8).stripLeading();
        switch (op) {
            case 'w' -> c.session.onMessage(rest, 0, rest.length, server.now);
            case 'r' -> c.bytes(rest);
            case 'x' -> c.session.onDisconnect(text, server.now);
            case 's' -> c.session.shutdown(text, server.now);
            case 'f' -> {
                byte[] flood = new byte[9000];
                Arrays.fill(flood, (byte) 'a');
                c.bytes(flood);
                assertThat(c.session.isClosed()).as("a 9000-byte unterminated line closes the link").isTrue();
                List<EncodedLine> got = c.out.takeEncoded();
                checkLines(got);
                assertThat(got).isNotEmpty();
                assertThat(got.getLast().toString())
                        .startsWith("ERROR :Closing Link: ").endsWith("(" + Session.EXCESS_FLOOD + ")");
            }
            default -> {
                if (op >= '0' && op <= '9') {
                    c = live.get(Math.floorMod(op - '0', live.size()));
                    rest = Arrays.copyOfRange(step, 1, step.length);
                    byte[] line = Arrays.copyOf(rest, rest.length + 2);
                    line[rest.length] = '\r';
                    line[rest.length + 1] = '\n';
                    c.bytes(line);
                } else {
                    byte[] line = Arrays.copyOf(step, step.length + 1);
                    line[step.length] = '\n';
                    c.bytes(line);
                }
            }
        }
    }

    /** Every line a client receives: at most 512 bytes, CRLF at the end and nowhere else, no NUL. */
    private static void checkLines(RecordingOutbound out) {
        checkLines(out.takeEncoded());
    }

    private static void checkLines(List<EncodedLine> lines) {
        for (EncodedLine line : lines) {
            byte[] b = line.array();
            assertThat(b.length).isBetween(3, LineEncoder.MAX_LINE_BYTES);
            assertThat(b[b.length - 2]).isEqualTo((byte) '\r');
            assertThat(b[b.length - 1]).isEqualTo((byte) '\n');
            for (int i = 0; i < b.length - 2; i++) {
                if (b[i] == '\r' || b[i] == '\n' || b[i] == 0) {
                    throw new AssertionError("CR, LF or NUL inside " + line);
                }
            }
        }
    }

    private static void checkHub(Hub hub, List<Conn> all) {
        Set<Client> live = Collections.newSetFromMap(new IdentityHashMap<>());
        int users = 0;
        int invisible = 0;
        Set<String> nicks = new HashSet<>();
        for (Conn conn : all) {
            Client c = conn.session.client();
            if (c.closed()) {
                assertThat(c.channels()).as("a closed client is on no channel").isEmpty();
                if (c.nick() != null) {
                    assertThat(hub.findUser(c.nick())).isNotSameAs(c);
                }
                continue;
            }
            live.add(c);
            if (c.registered()) {
                users++;
                if (c.invisible()) {
                    invisible++;
                }
                assertThat(c.nick()).isNotNull();
                assertThat(hub.findUser(c.nick())).as("nick %s maps to its client", c.nick()).isSameAs(c);
            } else {
                assertThat(c.channels()).as("an unregistered client is on no channel").isEmpty();
            }
            if (c.nick() != null) {
                assertThat(hub.nickInUse(c.nick())).isTrue();
                assertThat(nicks.add(CaseMapping.fold(c.nick()))).as("nick %s held twice", c.nick()).isTrue();
            }
            for (Channel ch : c.channels()) {
                assertThat(hub.findChannel(ch.name())).as("%s is in the hub", ch.name()).isSameAs(ch);
                assertThat(ch.member(c)).as("%s lists %s", ch.name(), c.nick()).isNotNull();
            }
        }
        assertThat(hub.connectionCount()).isEqualTo(live.size());
        assertThat(hub.userCount()).isEqualTo(users);
        assertThat(hub.invisibleCount()).isEqualTo(invisible);
        assertThat(hub.channelCount()).isEqualTo(hub.channels().size());
        for (Channel ch : hub.channels()) {
            assertThat(ch.size()).as("channel %s is not empty", ch.name()).isPositive();
            assertThat(hub.findChannel(ch.name())).isSameAs(ch);
            Set<Client> members = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Channel.Member m : ch.members()) {
                assertThat(live).as("member %s of %s is live", m.client().nick(), ch.name()).contains(m.client());
                assertThat(m.client().isOn(ch)).as("%s knows it is on %s", m.client().nick(), ch.name()).isTrue();
                assertThat(members.add(m.client())).as("%s listed twice", m.client().nick()).isTrue();
            }
        }
    }

    private static List<byte[]> split(byte[] script) {
        List<byte[]> steps = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= script.length; i++) {
            if (i == script.length || script[i] == '\n') {
                steps.add(Arrays.copyOfRange(script, start, i));
                start = i + 1;
            }
        }
        return steps;
    }

    private static int number(byte[] b, int from) {
        int n = 0;
        for (int i = from; i < b.length && b[i] >= '0' && b[i] <= '9' && n < 100_000; i++) {
            n = n * 10 + (b[i] - '0');
        }
        return n;
    }
}
