package dev.chatscale.protocol.session;

import dev.chatscale.protocol.command.Numeric;
import dev.chatscale.protocol.config.ServerConfig;
import dev.chatscale.protocol.state.Client;
import dev.chatscale.protocol.state.Hub;
import dev.chatscale.protocol.wire.IrcMessage;
import dev.chatscale.protocol.wire.IrcParser;
import dev.chatscale.protocol.wire.LineEncoder;
import dev.chatscale.protocol.wire.LineFramer;
import dev.chatscale.protocol.wire.ParseResult;
import java.util.Objects;

/**
 * One connection's IRC state machine: registration, commands, liveness. Created by
 * {@code Hub.connect}; driven by the transport through the {@code on*} methods; writes only through
 * its {@link Outbound}.
 *
 * <p>Thread-safety: confined. The transport calls the methods of one session from one thread at a
 * time, with a happens-before edge between calls (Netty: the channel's event loop; blocking
 * servers: the reader thread, and the sweeper under the connection's lock). Other sessions reach
 * this one only through its {@link Outbound}, which is thread-safe. Time is always passed in
 * ({@code now}, epoch milliseconds): the session never reads a clock.
 *
 * <p>Close reasons (the text inside {@code ERROR :Closing Link: <host> (...)} and of the QUIT peers
 * see): {@code Quit: <reason>} (or {@code Client Quit}), {@code Registration timed out},
 * {@code Ping timeout: <N> seconds} (N = pingInterval + pingTimeout, rounded up to seconds),
 * {@code Excess Flood}, {@code Bad Password}, and whatever the transport passes to
 * {@link #shutdown} or {@link #onDisconnect}.
 *
 * <p>Flood control ({@code ServerConfig.floodRate} above 0): every line but {@code PONG} passes a
 * {@link FloodGate}; a line beyond the client's rate is held and handled later, in order, on the
 * session's next input or tick (so it waits at most one transport tick period longer than its
 * token, and no thread ever waits for it); held lines beyond {@code floodMaxHeldBytes} close the
 * link with {@code Excess Flood}. Liveness counts a line when it arrives, not when it is handled.
 * Held lines are dropped when the link ends.
 *
 * <p>Memory: a {@link Client}; for TCP, a {@link LineFramer} with its buffer only while a partial
 * line is pending; a {@link FloodGate} only while the client's bucket is not full (both {@code null}
 * for an idle session, whose object size did not change when the gate field was added) (measured: ~116 bytes per connected session, ~330 per registered idle user,
 * nick/user/realname strings and the nick-map entry included).
 */
public final class Session {
    /** Close reason for an unterminated line beyond the framing bound (PROTOCOL.md §10). */
    public static final String EXCESS_FLOOD = "Excess Flood";
    /** Close reason when registration takes longer than {@code registrationTimeout}. */
    public static final String REGISTRATION_TIMED_OUT = "Registration timed out";
    /** QUIT reason peers see when the transport reports EOF (PROTOCOL.md §5). */
    public static final String REMOTE_CLOSED = "Remote host closed the connection";

    private final Client client;
    /** TCP framing state, only while a partial line is pending; {@code null} when idle. */
    private LineFramer framer;
    /** Flood-control state, only while the bucket is not full or lines are held; {@code null} when idle. */
    private FloodGate flood;

    /**
     * Transports use {@code Hub.connect}, which creates the client; this constructor is the hub's.
     */
    public Session(Client client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Bytes from a TCP stream: framed into lines (LF or CRLF, bounded) and handled in order. */
    public void onBytes(byte[] buf, int off, int len, long now) {
        if (client.closed()) {
            return;
        }
        releaseHeld(now);
        LineFramer f = framer;
        if (f == null) {
            f = new LineFramer();
        }
        // Kept only while part of a line is pending: an idle session holds no framing state at all.
        framer = f;
        boolean ok = f.feed(buf, off, len, (b, o, l) -> onLine(b, o, l, now));
        if (!f.hasPending()) {
            framer = null;
        }
        if (!ok) {
            // "an unterminated line beyond ~8 KiB is a flood, close it"
            close(EXCESS_FLOOD);
        }
    }

    /** One WebSocket message = one IRC line (a trailing CRLF or LF is stripped). */
    public void onMessage(byte[] buf, int off, int len, long now) {
        releaseHeld(now);
        // A sloppy client may send CRLF, or even several lines: every CR or LF ends a line.
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            if (buf[i] == '\n' || buf[i] == '\r') {
                if (i > start) {
                    onLine(buf, start, i - start, now);
                }
                start = i + 1;
            }
        }
        if (start < end) {
            onLine(buf, start, end - start, now);
        }
    }

    /** Timeouts: registration timeout; PING after pingInterval of silence; close after pingTimeout more. */
    public void onTick(long now) {
        if (client.closed()) {
            return;
        }
        releaseHeld(now);
        if (client.closed()) {
            return;
        }
        ServerConfig cfg = client.hub().config();
        if (!client.registered()) {
            if (now - client.connectedAt() >= cfg.registrationTimeout().toMillis()) {
                close(REGISTRATION_TIMED_OUT);
            }
            return;
        }
        if (client.pingOutstanding()) {
            if (now - client.pingSentAt() >= cfg.pingTimeout().toMillis()) {
                close(pingTimeoutReason(cfg));
            }
        } else if (now - client.lastLineAt() >= cfg.pingInterval().toMillis()) {
            client.send(LineEncoder.encodeText(null, "PING", cfg.serverName()));
            client.pingSent(now);
        }
    }

    /** {@code Ping timeout: N seconds} with N the configured silence (interval + timeout), rounded up. */
    public static String pingTimeoutReason(ServerConfig cfg) {
        long millis = cfg.pingInterval().toMillis() + cfg.pingTimeout().toMillis();
        return "Ping timeout: " + ((millis + 999) / 1000) + " seconds";
    }

    /**
     * The link is gone (EOF, I/O error, or SendQ overflow that the transport acted on): QUIT :reason
     * to peers, nick and channels released. Idempotent; a no-op when the session already ended.
     */
    public void onDisconnect(String reason, long now) {
        flood = null;
        client.hub().disconnect(client, null, reason == null || reason.isEmpty() ? REMOTE_CLOSED : clean(reason));
    }

    /**
     * Server-initiated close (e.g. "Server shutting down"): {@code ERROR :Closing Link: <host>
     * (<reason>)} to the client, QUIT :reason to peers (none once the hub is shutting down: see
     * {@code Hub.beginShutdown}), then {@link Outbound#close()}. Idempotent.
     */
    public void shutdown(String reason, long now) {
        close(clean(reason));
    }

    /** Whether the session has ended (QUIT, timeout, disconnect, shutdown). */
    public boolean isClosed() {
        return client.closed();
    }

    /** The peer's host as users see it: the IP literal; an IPv6 literal starting with ':' gets a leading '0'. */
    public String host() {
        return client.host();
    }

    /** The nick, or {@code null} before NICK (for logs and tests). */
    public String nick() {
        return client.nick();
    }

    /** Whether registration completed. */
    public boolean isRegistered() {
        return client.registered();
    }

    /** Bytes this session holds for a partial input line: 0 when idle (memory tests and metrics). */
    public int readBufferBytes() {
        LineFramer f = framer;
        return f == null ? 0 : f.bufferCapacity();
    }

    /** Bytes of lines held back by flood control, waiting for their turn: 0 when idle. */
    public int heldInputBytes() {
        FloodGate g = flood;
        return g == null ? 0 : g.heldBytes();
    }

    /** Whether the session keeps any flood-control state (an idle session does not). */
    public boolean hasFloodState() {
        return flood != null;
    }

    /** The hub-side state of this connection. */
    public Client client() {
        return client;
    }

    private void onLine(byte[] buf, int off, int len, long now) {
        if (client.closed()) {
            return;
        }
        client.lineReceived(now);
        client.hub().metrics().lineIn();
        ServerConfig cfg = client.hub().config();
        if (cfg.floodControl() && !FloodGate.bypasses(buf, off, len)) {
            FloodGate g = flood;
            if (g == null) {
                g = new FloodGate(cfg.floodRate(), cfg.floodBurst(), cfg.floodMaxHeldBytes());
                flood = g;
            }
            switch (g.offer(buf, off, len, now)) {
                case PASS -> { }
                case HELD -> {
                    return;
                }
                case OVERFLOW -> {
                    // PROTOCOL.md §10: "Input flood: bounded RecvQ (close with `Excess Flood`)"
                    close(EXCESS_FLOOD);
                    return;
                }
            }
        }
        handle(buf, off, len, now);
    }

    /**
     * Handles the held lines whose tokens have refilled, oldest first; forgets the gate once the
     * bucket is full again and nothing is held (so an idle session carries no flood state).
     */
    private void releaseHeld(long now) {
        FloodGate g = flood;
        if (g == null) {
            return;
        }
        byte[] line;
        while (!client.closed() && (line = g.poll(now)) != null) {
            handle(line, 0, line.length, now);
        }
        if (client.closed() || g.isIdle(now)) {
            flood = null;
        }
    }

    /** One line through parser and command table (flood control already passed it). */
    private void handle(byte[] buf, int off, int len, long now) {
        ParseResult parsed = IrcParser.parse(buf, off, len);
        switch (parsed) {
            case IrcMessage message -> client.hub().commands().dispatch(client, message, now);
            case ParseResult.TooLong _ -> client.reply(Numeric.ERR_INPUTTOOLONG, "Input line was too long");
            case ParseResult.Empty _ -> { }
        }
    }

    private void close(String reason) {
        flood = null;
        client.hub().disconnect(client, reason, reason);
    }

    private static String clean(String reason) {
        if (reason == null || reason.isEmpty()) {
            return "Closed";
        }
        return reason.replace('\r', ' ').replace('\n', ' ').replace('\0', ' ');
    }
}
