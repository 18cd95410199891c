package dev.chatscale.testkit.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A scripted IRC user for conformance tests, over any {@link LineTransport}.
 *
 * <p>Everything received is queued; the {@code expect*} methods consume the queue up to the first
 * matching line, keeping the skipped lines for failure messages, and fail (never hang) when the
 * timeout passes or the link closes first. {@link #sync()} is the deterministic way to assert that
 * something did <em>not</em> arrive: it sends {@code PING} and returns every line the server sent
 * before the matching {@code PONG}.
 *
 * <p>Thread-safety: drive one client from one test thread; the transport's reader thread only
 * enqueues.
 */
public final class IrcTestClient implements AutoCloseable {

    /** Default wait for an expected line. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final int SHOWN = 40;
    private static final Pattern REGISTRATION_END = Pattern.compile("376|422");
    private static final AtomicInteger SYNC_TOKENS = new AtomicInteger();

    private final String name;
    private final BlockingQueue<Event> inbox = new LinkedBlockingQueue<>();
    /** The last {@value #SHOWN} lines consumed, for failure messages (bounded: tests may read 10,000s); test thread only. */
    private final ArrayDeque<IrcLine> consumed = new ArrayDeque<>();
    private final AtomicInteger badlyFramed = new AtomicInteger();
    private volatile boolean autoPong;
    private volatile LineTransport transport;
    /** Test thread only. */
    private boolean closedSeen;

    private sealed interface Event permits Received, Closed {}

    private record Received(IrcLine line) implements Event {}

    private record Closed() implements Event {}

    private IrcTestClient(String name) {
        this.name = name;
    }

    /** Opens a client through {@code connector}, which receives the sink to deliver lines to. */
    public static IrcTestClient open(String name, Connector connector) throws IOException {
        IrcTestClient client = new IrcTestClient(name);
        client.transport = connector.connect(client.new Sink());
        return client;
    }

    /** Opens a transport that delivers to the given sink. */
    @FunctionalInterface
    public interface Connector {
        LineTransport connect(LineSink sink) throws IOException;
    }

    private final class Sink implements LineSink {
        @Override
        public void line(String text, boolean wellFramed) {
            if (!wellFramed) {
                badlyFramed.incrementAndGet();
            }
            IrcLine line = IrcLine.parse(text);
            if (autoPong && line.verb().equals("PING")) {
                String token = line.last();
                Thread.ofVirtual().start(() -> sendQuietly("PONG :" + token));
            }
            inbox.add(new Received(line));
        }

        @Override
        public void closed() {
            inbox.add(new Closed());
        }
    }

    /** A label for failure messages, usually the nick the test gave it. */
    public String name() {
        return name;
    }

    /** The transport underneath, for transport-specific tests. */
    public LineTransport transport() {
        return transport;
    }

    /** When on, answers every server PING with PONG (as real clients do); the PING is still queued. */
    public IrcTestClient autoPong(boolean on) {
        this.autoPong = on;
        return this;
    }

    /** Lines the server framed wrongly so far (TCP: not ended by CRLF; WebSocket: CR/LF inside). */
    public int badlyFramedLines() {
        return badlyFramed.get();
    }

    /** Sends one line (without CR/LF). */
    public IrcTestClient send(String line) {
        try {
            transport.send(line);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": send failed: " + line, e);
        }
        return this;
    }

    private void sendQuietly(String line) {
        try {
            transport.send(line);
        } catch (IOException | RuntimeException e) {
            // the link is going away; the test notices through expect*
        }
    }

    /** Sends raw bytes (TCP only; see {@link LineTransport#supportsRawBytes()}). */
    public IrcTestClient sendRaw(byte[] bytes) {
        try {
            transport.sendRaw(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": raw send failed", e);
        }
        return this;
    }

    /** Waits up to {@link #TIMEOUT} for a line saying exactly {@code expected} (see {@link IrcLine#sameMessage}). */
    public IrcLine expect(String expected) {
        IrcLine want = IrcLine.parse(expected);
        return expect(want::sameMessage, TIMEOUT, "line " + expected);
    }

    /** Waits up to {@link #TIMEOUT} for a line whose raw text fully matches {@code regex}. */
    public IrcLine expectMatching(String regex) {
        return expectMatching(regex, TIMEOUT);
    }

    /** Waits up to {@code timeout} for a line whose raw text fully matches {@code regex}. */
    public IrcLine expectMatching(String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex);
        return expect(l -> p.matcher(l.raw()).matches(), timeout, "line matching /" + regex + "/");
    }

    /** Waits up to {@link #TIMEOUT} for a numeric reply {@code code}. */
    public IrcLine expectNumeric(String code) {
        return expect(l -> l.isNumeric(code), TIMEOUT, "numeric " + code);
    }

    /** Waits up to {@code timeout} for a line satisfying {@code predicate}; lines before it are skipped. */
    public IrcLine expect(Predicate<IrcLine> predicate, Duration timeout, String description) {
        List<IrcLine> lines = collectUntil(predicate, timeout, description);
        return lines.getLast();
    }

    /** Like {@link #expect(Predicate, Duration, String)} but returns every line up to and including the match. */
    public List<IrcLine> collectUntil(Predicate<IrcLine> predicate, Duration timeout, String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<IrcLine> lines = new ArrayList<>();
        while (true) {
            Event event = next(deadline, description);
            if (event instanceof Received(IrcLine line)) {
                lines.add(line);
                if (predicate.test(line)) {
                    return lines;
                }
            } else {
                throw failure("link closed while waiting for " + description);
            }
        }
    }

    /** Collects lines up to and including the first {@code code} numeric. */
    public List<IrcLine> collectUntilNumeric(String code) {
        return collectUntil(l -> l.isNumeric(code), TIMEOUT, "numeric " + code);
    }

    private Event next(long deadline, String description) {
        if (closedSeen) {
            throw failure("link already closed; cannot wait for " + description);
        }
        long left = deadline - System.nanoTime();
        Event event;
        try {
            event = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : inbox.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for " + description);
        }
        if (event == null) {
            throw failure("timed out waiting for " + description);
        }
        if (event instanceof Received(IrcLine line)) {
            if (consumed.size() == SHOWN) {
                consumed.removeFirst();
            }
            consumed.addLast(line);
        } else {
            closedSeen = true;
        }
        return event;
    }

    /**
     * Round trip: sends {@code PING <token>} and returns every line received before the {@code PONG}
     * carrying that token. Lines the server queued for this client before handling the PING are
     * therefore all in the result.
     */
    public List<IrcLine> sync() {
        String token = "sync" + SYNC_TOKENS.incrementAndGet();
        send("PING " + token);
        List<IrcLine> lines = collectUntil(l -> l.verb().equals("PONG") && l.last().equals(token),
                TIMEOUT, "PONG " + token);
        return new ArrayList<>(lines.subList(0, lines.size() - 1));
    }

    /**
     * Registers as {@code nick} (user {@code nick}, real name {@code "Real <nick>"}) and returns the
     * whole burst, see {@link #awaitWelcome()}.
     */
    public List<IrcLine> register(String nick) {
        send("NICK " + nick);
        send("USER " + nick + " 0 * :Real " + nick);
        return awaitWelcome();
    }

    /**
     * Waits for the end of the welcome burst (376 or 422), then makes a {@link #sync()} round trip so
     * that optional trailing lines (e.g. {@code 221 <me> +i}) are part of the burst and not left for
     * later expectations. Fails fast on an error numeric or ERROR.
     */
    public List<IrcLine> awaitWelcome() {
        List<IrcLine> burst = collectUntil(
                l -> REGISTRATION_END.matcher(l.verb()).matches() || l.isErrorNumeric() || l.verb().equals("ERROR"),
                TIMEOUT, "end of registration (376/422)");
        IrcLine end = burst.getLast();
        if (!REGISTRATION_END.matcher(end.verb()).matches()) {
            throw failure("registration failed with: " + end);
        }
        burst.addAll(sync());
        return burst;
    }

    /** Waits up to {@code timeout} for the server to close the link; returns the lines received meanwhile. */
    public List<IrcLine> awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<IrcLine> lines = new ArrayList<>();
        while (true) {
            Event event = next(deadline, "the server to close the link");
            if (event instanceof Received(IrcLine line)) {
                lines.add(line);
            } else {
                return lines;
            }
        }
    }

    /**
     * Waits for the server to close the link while it is still delivering a backlog: fails only if
     * no line (and no close) arrives for {@code quiet}; the test's own timeout bounds the total.
     * For a slow reader that resumes after megabytes piled up in socket buffers.
     */
    public List<IrcLine> awaitClosedAfterBacklog(Duration quiet) {
        List<IrcLine> lines = new ArrayList<>();
        while (true) {
            Event event = next(System.nanoTime() + quiet.toNanos(), "the server to close the link (backlog of "
                    + lines.size() + " lines so far)");
            if (event instanceof Received(IrcLine line)) {
                lines.add(line);
            } else {
                return lines;
            }
        }
    }

    /** {@link #awaitClosed(Duration)} with {@link #TIMEOUT}. */
    public List<IrcLine> awaitClosed() {
        return awaitClosed(TIMEOUT);
    }

    /** Drops the link without QUIT. */
    public void drop() {
        transport.drop();
    }

    @Override
    public void close() {
        LineTransport t = transport;
        if (t != null) {
            t.close();
        }
    }

    private AssertionError failure(String what) {
        StringBuilder sb = new StringBuilder(name).append(": ").append(what).append("\n  received so far:");
        ArrayDeque<IrcLine> shown = consumed;
        if (shown.isEmpty()) {
            sb.append(" (nothing)");
        }
        for (IrcLine line : shown) {
            sb.append("\n    ").append(line.raw());
        }
        return new AssertionError(sb.toString());
    }
}
