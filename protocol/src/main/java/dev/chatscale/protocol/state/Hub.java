package dev.chatscale.protocol.state;

import dev.chatscale.protocol.command.CommandTable;
import dev.chatscale.protocol.config.ServerConfig;
import dev.chatscale.protocol.metrics.Metrics;
import dev.chatscale.protocol.session.Outbound;
import dev.chatscale.protocol.session.Session;
import dev.chatscale.protocol.wire.CaseMapping;
import dev.chatscale.protocol.wire.EncodedLine;
import dev.chatscale.protocol.wire.LineEncoder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared state of one server: nicks and channels, server identity and metrics. One per server
 * process; the entry point transports use to open sessions.
 *
 * <p>Nicks and channels are kept in {@link ConcurrentHashMap}s keyed by the ASCII-folded name
 * ({@link CaseMapping}); a nick is reserved from an accepted NICK (also before registration) until the
 * session ends, a channel exists from its first JOIN until its last member leaves.
 *
 * <p>Thread-safe: any number of sessions on any threads use it at once (see package-info for the
 * locking rules). Methods that take a {@link Client} and change its state must be called on that
 * client's session thread.
 */
public final class Hub {
    private static final DateTimeFormatter CREATED =
            DateTimeFormatter.ofPattern("EEE MMM d yyyy 'at' HH:mm:ss 'UTC'", Locale.US).withZone(ZoneOffset.UTC);

    private final ServerConfig config;
    private final Metrics metrics;
    private final long startedAt;
    private final String createdText;
    private final ConcurrentHashMap<String, Client> nicks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicInteger invisibleUsers = new AtomicInteger();
    /** Set once by {@link #beginShutdown}: departures then send no QUIT to peers. */
    private volatile boolean shuttingDown;
    private final CommandTable commands;

    /**
     * @param config the server's configuration
     * @param startedAtMillis when the server started (epoch ms), shown in 003
     * @param metrics where counters go ({@link Metrics#NONE} to discard)
     */
    public Hub(ServerConfig config, long startedAtMillis, Metrics metrics) {
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.startedAt = startedAtMillis;
        this.createdText = CREATED.format(Instant.ofEpochMilli(startedAtMillis));
        this.commands = new CommandTable(this);
    }

    /**
     * Opens a session for a new connection from {@code peerAddress} (the IP literal the socket gives,
     * e.g. {@code 127.0.0.1} or {@code 0:0:0:0:0:0:0:1}) writing through {@code out}; the
     * registration timer starts at {@code now}.
     */
    public Session connect(String peerAddress, Outbound out, long now) {
        Objects.requireNonNull(out, "out");
        Client client = new Client(this, displayHost(peerAddress), out, now);
        connections.incrementAndGet();
        metrics.connectionOpened();
        return new Session(client);
    }

    /**
     * The ERROR line a transport sends when it refuses or drops a connection on its own, e.g.
     * {@code closingLink("127.0.0.1", "Server full")} is {@code ERROR :Closing Link: 127.0.0.1 (Server full)}.
     */
    public EncodedLine closingLink(String peerAddress, String reason) {
        return LineEncoder.encode(null, "ERROR", "Closing Link: " + displayHost(peerAddress) + " (" + oneLine(reason) + ")");
    }

    /** {@code text} with CR, LF and NUL replaced by spaces ({@code ""} for {@code null}). */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        return text.replace('\r', ' ').replace('\n', ' ').replace('\0', ' ');
    }

    public ServerConfig config() {
        return config;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** Sessions open now. */
    public int connectionCount() {
        return connections.get();
    }

    /** Registered users now. */
    public int userCount() {
        return users.get();
    }

    /** Registered users with user mode +i now. */
    public int invisibleCount() {
        return invisibleUsers.get();
    }

    /** Channels that exist now. */
    public int channelCount() {
        return channels.size();
    }

    /** Server start, epoch ms. */
    public long startedAt() {
        return startedAt;
    }

    /** The 003 date text, e.g. {@code Sun Nov 22 2026 at 05:02:35 UTC}. */
    public String createdText() {
        return createdText;
    }

    /** The command table sessions dispatch through. */
    public CommandTable commands() {
        return commands;
    }

    /**
     * How a peer address is shown: the IP literal; a leading {@code /} or IPv6 brackets are dropped,
     * and an IPv6 literal starting with {@code :} gets a leading {@code 0} (PROTOCOL.md §2) so
     * clients do not mis-parse {@code nick!user@::1}.
     */
    public static String displayHost(String peerAddress) {
        String h = peerAddress == null ? "" : peerAddress.strip();
        if (h.startsWith("/")) {
            h = h.substring(1);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.isEmpty() || h.indexOf(' ') >= 0 || h.indexOf('\r') >= 0 || h.indexOf('\n') >= 0 || h.indexOf('\0') >= 0) {
            return "unknown";
        }
        return h.charAt(0) == ':' ? "0" + h : h;
    }

    // ---- nicks ---------------------------------------------------------------------------

    /**
     * Gives {@code c} the nick {@code newNick} if free (a case-only change of its own nick is
     * allowed), releasing its old nick. Owner thread of {@code c}.
     *
     * @return {@code false} if another client holds the nick
     */
    public boolean claimNick(Client c, String newNick) {
        String key = CaseMapping.fold(newNick);
        String old = c.nick();
        if (old != null && CaseMapping.fold(old).equals(key)) {
            c.nick(newNick);
            return true;
        }
        Client holder = nicks.putIfAbsent(key, c);
        if (holder != null && holder != c) {
            return false;
        }
        c.nick(newNick);
        if (old != null) {
            nicks.remove(CaseMapping.fold(old), c);
        }
        return true;
    }

    /** The registered client with this nick (any case), or {@code null}. */
    public Client findUser(String nick) {
        Client c = nicks.get(CaseMapping.fold(nick));
        return c != null && c.registered() && !c.closed() ? c : null;
    }

    /** Whether any client, registered or not, holds this nick. */
    public boolean nickInUse(String nick) {
        return nicks.containsKey(CaseMapping.fold(nick));
    }

    /** Marks {@code c} registered. Owner thread of {@code c}. */
    public void completeRegistration(Client c, long now) {
        c.registered(now);
        users.incrementAndGet();
        if (c.invisible()) {
            invisibleUsers.incrementAndGet();
        }
    }

    /** Sets user mode +i / -i. Owner thread of {@code c}. */
    public void invisible(Client c, boolean on) {
        if (c.invisible() == on) {
            return;
        }
        c.invisible(on);
        if (c.registered()) {
            if (on) {
                invisibleUsers.incrementAndGet();
            } else {
                invisibleUsers.decrementAndGet();
            }
        }
    }

    // ---- channels ------------------------------------------------------------------------

    /** The channel with this name (any case), or {@code null}. */
    public Channel findChannel(String name) {
        return channels.get(CaseMapping.fold(name));
    }

    /** All channels now (weakly consistent view). */
    public Collection<Channel> channels() {
        return Collections.unmodifiableCollection(channels.values());
    }

    /**
     * Adds {@code c} to the channel {@code name}, creating it (with {@code c} as op) if needed.
     * Owner thread of {@code c}. The caller has checked the name and that {@code c} is not on it.
     *
     * @return the channel and the member snapshot that includes {@code c}
     */
    public JoinResult join(Client c, String name, long now) {
        String key = CaseMapping.fold(name);
        while (true) {
            Channel ch = channels.computeIfAbsent(key, k -> new Channel(name, k, now / 1000));
            Channel.Member[] members = ch.add(c);
            if (members != null) {
                if (!c.isOn(ch)) {
                    c.addChannel(ch);
                }
                return new JoinResult(ch, members);
            }
            // The channel emptied and died between lookup and add: it is leaving the map; retry.
            Thread.onSpinWait();
        }
    }

    /** What {@link #join} did. @param members the members right after the join, joiner included */
    public record JoinResult(Channel channel, Channel.Member[] members) {}

    /**
     * Removes {@code c} from {@code ch} (destroying it when empty). Owner thread of {@code c}.
     *
     * @return the members left, or {@code null} if {@code c} was not on it
     */
    public Channel.Member[] part(Client c, Channel ch) {
        Channel.Member[] left = ch.remove(c, channels);
        c.removeChannel(ch);
        return left;
    }

    /**
     * Gives or takes op ({@code 'o'}) or voice ({@code 'v'}) on {@code ch} from {@code target}. The
     * caller checked the rights.
     *
     * @return {@code false} if {@code target} is not on {@code ch}
     */
    public boolean memberStatus(Channel ch, Client target, char mode, boolean on) {
        if (mode != 'o' && mode != 'v') {
            throw new IllegalArgumentException("not a status mode: " + mode);
        }
        return ch.status(target, mode, on);
    }

    /** Sets or clears ({@code null}) a channel's topic. The caller checked the rights. */
    public void topic(Channel ch, Channel.Topic topic) {
        ch.topic(topic);
    }

    /** Every distinct client sharing a channel with {@code c}, {@code c} excluded (lock-free read). */
    public Set<Client> peers(Client c) {
        Set<Client> peers = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Channel ch : c.channels()) {
            for (Channel.Member m : ch.members()) {
                if (m.client() != c) {
                    peers.add(m.client());
                }
            }
        }
        return peers;
    }

    /** Offers one line to every member of {@code members} except {@code skip} (may be {@code null}). */
    public void fanOut(Channel.Member[] members, EncodedLine line, Client skip) {
        int n = 0;
        for (Channel.Member m : members) {
            Client to = m.client();
            if (to != skip) {
                to.outbound().offer(line);
                n++;
            }
        }
        metrics.linesOut(n);
    }

    // ---- ending a session ---------------------------------------------------------------

    /**
     * The server is about to end every session: from now on {@link #disconnect} sends no QUIT to
     * peers, since each of them is about to get its own {@code ERROR} line. Ending 10,000 sessions
     * in rooms of 100 would otherwise write a million QUIT lines to connections that are closing.
     * Idempotent; any thread.
     */
    public void beginShutdown() {
        shuttingDown = true;
    }

    /** Whether {@link #beginShutdown} was called. */
    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /**
     * Ends {@code c}'s session: {@code QUIT :quitReason} once to each peer sharing a channel
     * (unless the server is shutting down, see {@link #beginShutdown}), its memberships and nick
     * released, then (if {@code errorReason} is not {@code null})
     * {@code ERROR :Closing Link: <host> (<errorReason>)} to the client, then
     * {@link Outbound#close()}. Idempotent. Owner thread of {@code c}.
     */
    public void disconnect(Client c, String errorReason, String quitReason) {
        if (!c.markClosed()) {
            return;
        }
        Channel[] joined = c.channels();
        if (joined.length > 0) {
            Set<Client> peers = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Channel ch : joined) {
                Channel.Member[] left = ch.remove(c, channels);
                if (left != null) {
                    for (Channel.Member m : left) {
                        peers.add(m.client());
                    }
                }
            }
            c.clearChannels();
            if (!peers.isEmpty() && !shuttingDown) {
                EncodedLine quit = LineEncoder.encodeText(c.prefix(), "QUIT", oneLine(quitReason));
                for (Client p : peers) {
                    p.outbound().offer(quit);
                }
                metrics.linesOut(peers.size());
            }
        }
        String nick = c.nick();
        if (nick != null) {
            nicks.remove(CaseMapping.fold(nick), c);
        }
        if (c.registered()) {
            users.decrementAndGet();
            if (c.invisible()) {
                invisibleUsers.decrementAndGet();
            }
        }
        if (errorReason != null) {
            c.send(closingLink(c.host(), errorReason));
        }
        c.outbound().close();
        connections.decrementAndGet();
        metrics.connectionClosed();
    }
}
