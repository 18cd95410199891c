package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import dev.chatscale.testkit.client.TcpLineTransport;
import dev.chatscale.testkit.client.WebSocketLineTransport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM, for real: the server's {@code main} runs in a child JVM (the JDK running the tests, the
 * test classpath, the binding's main class, ephemeral ports on 127.0.0.1); clients connect over TCP
 * and WebSocket; then the child gets SIGTERM ({@link Process#destroy()} on Linux). Every client must
 * receive {@code ERROR :Closing Link: 127.0.0.1 (Server shutting down)} as its last line before the
 * server closes the link, and the process must exit with code 0 within {@link #EXIT_BUDGET}.
 *
 * <p>Binding: one class per server module, e.g.
 * {@code class NettySigtermTest extends SigtermSuite { protected Class<?> mainClass() { return Main.class; } }}.
 * The child is started with {@code java -cp <java.class.path> <mainClass> --port 0 --ws-port 0}, so it
 * needs no packaged jar; Surefire sets {@code java.class.path} to the test classpath.
 *
 * <p>Limits: needs a POSIX {@code destroy()} (SIGTERM); about 250 sockets and one virtual thread per
 * client in the test JVM. Each test is bounded by {@code @Timeout}; the child is killed by PID in
 * {@link #stopChild()} whatever happens. Not thread-safe (JUnit runs one test at a time per instance).
 */
@Tag("sigterm")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
public abstract class SigtermSuite {
    /** SIGTERM to process exit, as promised by the servers' READMEs. */
    public static final Duration EXIT_BUDGET = Duration.ofSeconds(5);
    static final int TCP_CLIENTS = 200;
    static final int WS_CLIENTS = 20;
    /** Every {@code CHANNEL_EVERY}-th client joins {@code #shutdown}, so peers get QUITs meanwhile. */
    static final int CHANNEL_EVERY = 2;
    static final String CLOSING = "Closing Link: 127.0.0.1 (Server shutting down)";

    private static final Pattern READY = Pattern.compile("^chatscale \\S+ ready .*");
    private static final Pattern IRC = Pattern.compile(" irc=\\S*:(\\d+) ");
    private static final Pattern WS = Pattern.compile(" ws=\\S*:(\\d+) ");

    private Process child;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final List<IrcTestClient> clients = new ArrayList<>();
    private InetSocketAddress irc;
    private InetSocketAddress ws;

    /** The server module's {@code main} class (it calls {@code ServerLauncher.run}). */
    protected abstract Class<?> mainClass();

    /** JVM options for the child, e.g. {@code --enable-native-access=ALL-UNNAMED}. */
    protected List<String> jvmOptions() {
        return List.of();
    }

    /** Server flags beyond {@code --port 0 --ws-port 0}, e.g. a transport. */
    protected List<String> serverFlags() {
        return List.of();
    }

    @Test
    void sigtermSendsErrorToEveryRegisteredClientAndExitsZeroWithinFiveSeconds() throws Exception {
        startChild();
        for (int i = 0; i < TCP_CLIENTS; i++) {
            registered("t" + i, tcp(), i % CHANNEL_EVERY == 0);
        }
        for (int i = 0; i < WS_CLIENTS; i++) {
            registered("w" + i, webSocket(), i % CHANNEL_EVERY == 0);
        }

        long exitMillis = sigtermAndAwaitExit();

        assertEveryClientGotErrorThenClose(clients);
        assertThat(exitMillis).as("SIGTERM to exit (ms)").isLessThanOrEqualTo(EXIT_BUDGET.toMillis());
    }

    @Test
    void sigtermClosesClientsStillRegisteringWithError() throws Exception {
        startChild();
        List<IrcTestClient> nickSent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            clients.add(IrcTestClient.open("silent" + i, tcp())); // connected, sent nothing
            IrcTestClient nickOnly = IrcTestClient.open("nickonly" + i, tcp());
            clients.add(nickOnly);
            nickOnly.send("NICK nickonly" + i);
            nickSent.add(nickOnly);
            IrcTestClient partial = IrcTestClient.open("partial" + i, tcp());
            clients.add(partial);
            partial.sendRaw(("NICK partial" + i + "\r\nUSER partial 0 * :half a li").getBytes(StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < 5; i++) {
            IrcTestClient wsNick = IrcTestClient.open("wsnick" + i, webSocket()); // upgraded, not registered
            clients.add(wsNick);
            wsNick.send("NICK wsnick" + i);
            nickSent.add(wsNick);
        }
        for (IrcTestClient c : nickSent) {
            c.sync(); // the server has read the NICK (PING works before registration)
        }
        registered("witness", tcp(), true); // the last to connect: the others are certainly accepted

        long exitMillis = sigtermAndAwaitExit();

        assertEveryClientGotErrorThenClose(clients);
        assertThat(exitMillis).as("SIGTERM to exit (ms)").isLessThanOrEqualTo(EXIT_BUDGET.toMillis());
    }

    /** Sends SIGTERM; returns the milliseconds until the process ended, failing unless it exited 0. */
    private long sigtermAndAwaitExit() throws InterruptedException {
        long start = System.nanoTime();
        child.destroy(); // SIGTERM
        boolean exited = child.waitFor(EXIT_BUDGET.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(getClass().getSimpleName() + ": SIGTERM to exit " + millis + " ms, " + clients.size()
                + " clients; child output: " + output);
        assertThat(exited).as("exited within %s s of SIGTERM; output:\n%s", EXIT_BUDGET.toSeconds() + 5, output).isTrue();
        assertThat(child.exitValue()).as("exit code after SIGTERM; output:\n%s", output).isZero();
        return millis;
    }

    private static void assertEveryClientGotErrorThenClose(List<IrcTestClient> clients) {
        List<String> failures = new ArrayList<>();
        for (IrcTestClient c : clients) {
            List<IrcLine> lines;
            try {
                lines = c.awaitClosed(Duration.ofSeconds(2)); // the process is gone: the link is closed
            } catch (AssertionError e) {
                failures.add(c.name() + ": link not closed: " + e.getMessage());
                continue;
            }
            IrcLine last = lines.isEmpty() ? null : lines.getLast();
            if (last == null || !last.verb().equals("ERROR") || !CLOSING.equals(last.last())) {
                failures.add(c.name() + ": last line before close was " + (last == null ? "(none)" : last.raw()));
            }
        }
        assertThat(failures).as("clients without ERROR :%s before the close", CLOSING).isEmpty();
    }

    /** Opens a client, registers it as {@code nick} (and joins {@code #shutdown}); it joins {@link #clients}. */
    private void registered(String nick, IrcTestClient.Connector connector, boolean join) throws IOException {
        IrcTestClient c = IrcTestClient.open(nick, connector);
        clients.add(c);
        c.register(nick);
        if (join) {
            c.send("JOIN #shutdown");
            c.expectNumeric("366");
        }
    }

    private IrcTestClient.Connector tcp() {
        return sink -> TcpLineTransport.connect(irc, 0, sink);
    }

    private IrcTestClient.Connector webSocket() {
        return sink -> WebSocketLineTransport.connect(ws, sink);
    }

    private void startChild() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass().getName(),
                "--host", "127.0.0.1", "--port", "0", "--ws-port", "0"));
        command.addAll(serverFlags());
        child = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofPlatform().daemon().name("sigterm-child-output").start(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    output.add(line);
                    if (READY.matcher(line).matches()) {
                        ready.complete(line);
                    }
                }
            } catch (IOException e) {
                // the child ended
            } finally {
                ready.complete(null);
            }
        });
        String line = ready.get(30, TimeUnit.SECONDS);
        assertThat(line).as("ready line; output:\n%s", output).isNotNull();
        irc = new InetSocketAddress("127.0.0.1", port(IRC, line));
        ws = new InetSocketAddress("127.0.0.1", port(WS, line));
    }

    private static int port(Pattern p, String readyLine) {
        Matcher m = p.matcher(readyLine);
        assertThat(m.find()).as("port in %s", readyLine).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @AfterEach
    void stopChild() throws InterruptedException {
        for (IrcTestClient c : clients) {
            c.close();
        }
        clients.clear();
        if (child != null && child.isAlive()) {
            child.toHandle().destroyForcibly(); // by PID: SIGKILL
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
