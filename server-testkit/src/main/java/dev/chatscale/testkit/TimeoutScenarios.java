package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import dev.chatscale.testkit.client.RawWebSocketClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §2/§3 timeouts against clients that say nothing or drip bytes: a connection that
 * never registers is closed after the registration timeout whether it is silent or sends half a
 * line one byte at a time (bytes are not lines: dripping must not reset the timer), and a
 * registered client that only drips half a line still hits the ping timeout. Short real timeouts
 * (hundreds of ms) come from {@link #startServer}; {@link RegistrationScenarios} and
 * {@link LivenessScenarios} cover the well-behaved cases.
 *
 * <p>Over WebSocket the drip is one byte per continuation frame of a text message that never ends
 * (via {@link RawWebSocketClient}).
 */
@Tag("timeout")
public abstract class TimeoutScenarios extends ScenarioBase {

    private static final Duration REGISTRATION_TIMEOUT = Duration.ofMillis(500);
    private static final Duration LONG_WAIT = Duration.ofSeconds(10);
    private static final long DRIP_MILLIS = 50;
    private static final String REGISTRATION_TIMED_OUT = "ERROR :Closing Link: " + HOST + " (Registration timed out)";

    protected TimeoutScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    /** Drips bytes from a virtual thread until stopped or the link fails; stopped after the test. */
    private final class Dripper implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        Dripper(DripStep step) {
            thread = Thread.ofVirtual().name("dripper").start(() -> {
                try {
                    for (long i = 0; !stop.get() && i < LONG_WAIT.toMillis() / DRIP_MILLIS * 2; i++) {
                        step.drip(i);
                        Thread.sleep(DRIP_MILLIS); // pacing the drip, not waiting for a result
                    }
                } catch (IOException | RuntimeException | InterruptedException e) {
                    // the server closed the link: dripping is over
                }
            });
            track(this);
        }

        @Override
        public void close() {
            stop.set(true);
            try {
                thread.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @FunctionalInterface
    private interface DripStep {
        void drip(long i) throws IOException;
    }

    private RawWebSocketClient rawWebSocket() throws IOException {
        InetSocketAddress ws = server().wsAddress();
        org.junit.jupiter.api.Assumptions.assumeTrue(ws != null, "server under test serves no WebSocket");
        return track(RawWebSocketClient.connect(ws));
    }

    /** Text lines the raw WebSocket client gets until the server closes the link (close frame or EOF). */
    private static List<String> linesUntilClosed(RawWebSocketClient raw) throws IOException {
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + LONG_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            RawWebSocketClient.Frame f;
            try {
                f = raw.readFrame();
            } catch (java.net.SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return lines; // reset
            }
            if (f == null || f.opcode() == RawWebSocketClient.OP_CLOSE) {
                return lines;
            }
            if (f.opcode() == RawWebSocketClient.OP_TEXT || f.opcode() == RawWebSocketClient.OP_BINARY) {
                lines.add(f.text());
            }
        }
        throw new AssertionError("link still open after " + LONG_WAIT + "; got " + lines);
    }

    @Test
    void connectionThatSaysNothingIsClosedAfterTheRegistrationTimeout() {
        startServer(testConfig().withRegistrationTimeout(REGISTRATION_TIMEOUT));
        IrcTestClient c = connect("mute");
        List<IrcLine> lines = c.awaitClosed(LONG_WAIT);
        assertThat(lines).anyMatch(line(REGISTRATION_TIMED_OUT));
        assertThat(lines).noneMatch(l -> l.isNumeric("001"));
    }

    @Test
    void drippingHalfALineDoesNotResetTheRegistrationTimer() throws IOException {
        startServer(testConfig().withRegistrationTimeout(REGISTRATION_TIMEOUT));
        byte[] endless = ("NICK " + "d".repeat(4096)).getBytes(StandardCharsets.US_ASCII); // never terminated
        if (transport() == Transport.TCP) {
            IrcTestClient c = connect("dripper");
            new Dripper(i -> c.transport().sendRaw(new byte[] {endless[(int) (i % endless.length)]}));
            List<IrcLine> lines = c.awaitClosed(LONG_WAIT);
            assertThat(lines).anyMatch(line(REGISTRATION_TIMED_OUT));
        } else {
            RawWebSocketClient raw = rawWebSocket();
            raw.upgrade();
            new Dripper(i -> raw.writeRaw(RawWebSocketClient.frame(false, 0,
                    i == 0 ? RawWebSocketClient.OP_TEXT : RawWebSocketClient.OP_CONTINUATION, true,
                    new byte[] {endless[(int) (i % endless.length)]})));
            assertThat(linesUntilClosed(raw)).contains(REGISTRATION_TIMED_OUT);
        }
    }

    @Test
    void registeredClientDrippingHalfALineStillHitsThePingTimeout() throws IOException {
        startServer(testConfig().withPingInterval(Duration.ofMillis(300)).withPingTimeout(Duration.ofSeconds(1)));
        IrcTestClient bob = joined("bob", "#c").autoPong(true);
        byte[] endless = ("PRIVMSG #c :" + "d".repeat(4096)).getBytes(StandardCharsets.US_ASCII);
        if (transport() == Transport.TCP) {
            IrcTestClient c = joined("dripper", "#c");
            new Dripper(i -> c.transport().sendRaw(new byte[] {endless[(int) (i % endless.length)]}));
            List<IrcLine> lines = c.awaitClosed(LONG_WAIT);
            assertThat(lines).anyMatch(l -> l.raw().startsWith("ERROR :Closing Link: " + HOST + " (Ping timeout"));
        } else {
            RawWebSocketClient raw = rawWebSocket().register("dripper");
            raw.sendText("JOIN #c");
            raw.awaitLine("\\S+ 366 .*");
            new Dripper(i -> raw.writeRaw(RawWebSocketClient.frame(false, 0,
                    i == 0 ? RawWebSocketClient.OP_TEXT : RawWebSocketClient.OP_CONTINUATION, true,
                    new byte[] {endless[(int) (i % endless.length)]})));
            assertThat(linesUntilClosed(raw)).anyMatch(l -> l.startsWith("ERROR :Closing Link: " + HOST + " (Ping timeout"));
        }
        IrcLine quit = bob.expect(l -> l.verb().equals("QUIT"), LONG_WAIT, "QUIT of dripper");
        assertThat(quit.source()).isEqualTo(mask("dripper"));
        assertThat(quit.last()).startsWith("Ping timeout");
        assertNone(bob.sync(), l -> l.verb().equals("PRIVMSG"), "nothing of the half line is relayed");
    }
}
