package dev.chatscale.protocol.state;

import dev.chatscale.protocol.command.Numeric;
import dev.chatscale.protocol.session.Outbound;
import dev.chatscale.protocol.wire.EncodedLine;
import dev.chatscale.protocol.wire.LineEncoder;
import java.util.Arrays;

/**
 * One connected client as the hub sees it: identity ({@code nick!user@host}), registration and
 * capability state, away message, channel memberships, liveness timestamps, and its
 * {@link Outbound}. The {@code Session} of the connection owns it.
 *
 * <p>Thread-safety: written only by the owning session's thread (setters say "owner only"); fields
 * other sessions read (nick, prefix, user, realname, away, channels, registered, timestamps) are
 * volatile, and the channel list is an immutable array replaced on change. {@link #send} may be
 * called from any thread.
 *
 * <p>Memory: a handful of fields, no collections; the channel array is shared-empty until the first
 * JOIN.
 */
public final class Client {
    private static final Channel[] NO_CHANNELS = new Channel[0];

    private final Hub hub;
    private final Outbound out;
    private final String host;
    private final long connectedAt;

    /** Display nick, {@code null} before the first accepted NICK. Written by owner. */
    private volatile String nick;
    /** Displayed user name ({@code ~u}), {@code null} before USER. Written by owner. */
    private volatile String user;
    /** Real name from USER. Written by owner. */
    private volatile String realname;
    /** {@code nick!user@host}, kept in step with nick and user. Written by owner. */
    private volatile String prefix;
    /** Away message or {@code null}. Written by owner. */
    private volatile String away;
    /** Channels joined, an immutable array replaced on change. Written by owner. */
    private volatile Channel[] channels = NO_CHANNELS;
    private volatile boolean registered;
    private volatile boolean invisible;
    private volatile boolean closed;
    /** When registration completed (epoch ms). Written by owner. */
    private volatile long signonAt;
    /** Last PRIVMSG/NOTICE/JOIN etc. for WHOIS idle (epoch ms). Written by owner. */
    private volatile long lastActiveAt;

    // Confined to the owning session's thread.
    private String password;
    private boolean capNegotiating;
    private boolean echoMessage;
    private boolean pingOutstanding;
    private long lastLineAt;
    private long pingSentAt;

    Client(Hub hub, String host, Outbound out, long now) {
        this.hub = hub;
        this.host = host;
        this.out = out;
        this.connectedAt = now;
        this.lastLineAt = now;
        this.lastActiveAt = now;
    }

    /** The hub this client belongs to. */
    public Hub hub() {
        return hub;
    }

    /** Queues a line for this client (any thread); counts it as a line out. */
    public boolean send(EncodedLine line) {
        hub.metrics().lineOut();
        return out.offer(line);
    }

    /**
     * Sends {@code :<server> NNN <me> params...}. Middle params that could not be encoded (empty,
     * with a space, or starting with {@code :}; they may echo peer input) are shown as {@code *}.
     */
    public void reply(Numeric numeric, String... params) {
        String[] all = new String[params.length + 1];
        all[0] = me();
        System.arraycopy(params, 0, all, 1, params.length);
        for (int i = 1; i < all.length - 1; i++) {
            String p = all[i];
            if (p == null || p.isEmpty() || p.indexOf(' ') >= 0 || p.charAt(0) == ':') {
                all[i] = "*";
            }
        }
        String server = hub.config().serverName();
        send(numeric.text()
                ? LineEncoder.encodeText(server, numeric.code(), all)
                : LineEncoder.encode(server, numeric.code(), all));
    }

    /** The way out of this connection. */
    public Outbound outbound() {
        return out;
    }

    /** The peer host as shown to users (IP literal, IPv6 ':'-start fixed). */
    public String host() {
        return host;
    }

    /** The nick, or {@code null} before NICK. */
    public String nick() {
        return nick;
    }

    /** The nick for numerics: {@code *} until registration completes (PROTOCOL.md: {@code <me>}). */
    public String me() {
        return registered ? nick : "*";
    }

    /** Displayed user ({@code ~u}) or {@code null} before USER. */
    public String user() {
        return user;
    }

    public String realname() {
        return realname;
    }

    /** {@code nick!user@host} ({@code nick!*@host} before USER). */
    public String prefix() {
        return prefix;
    }

    public String away() {
        return away;
    }

    public boolean registered() {
        return registered;
    }

    public boolean invisible() {
        return invisible;
    }

    public boolean closed() {
        return closed;
    }

    public long connectedAt() {
        return connectedAt;
    }

    public long signonAt() {
        return signonAt;
    }

    public long lastActiveAt() {
        return lastActiveAt;
    }

    /** The channels this client is on (a snapshot; do not modify). */
    public Channel[] channels() {
        return channels;
    }

    /** The channel with this folded name among this client's channels, or {@code null}. */
    public Channel channel(String foldedName) {
        for (Channel c : channels) {
            if (c.foldedName().equals(foldedName)) {
                return c;
            }
        }
        return null;
    }

    /** Whether this client is on {@code channel}. */
    public boolean isOn(Channel channel) {
        for (Channel c : channels) {
            if (c == channel) {
                return true;
            }
        }
        return false;
    }

    // ---- owner-only state -------------------------------------------------------------------

    /** Owner only. */
    public String password() {
        return password;
    }

    /** Owner only. */
    public void password(String value) {
        this.password = value;
    }

    /** Owner only: whether CAP negotiation holds registration back. */
    public boolean capNegotiating() {
        return capNegotiating;
    }

    /** Owner only. */
    public void capNegotiating(boolean value) {
        this.capNegotiating = value;
    }

    /** Owner only: whether the client ACKed {@code echo-message}. */
    public boolean echoMessage() {
        return echoMessage;
    }

    /** Owner only. */
    public void echoMessage(boolean value) {
        this.echoMessage = value;
    }

    /** Owner only: a line arrived; the ping timer restarts. */
    public void lineReceived(long now) {
        lastLineAt = now;
        pingOutstanding = false;
    }

    /** Owner only. */
    public long lastLineAt() {
        return lastLineAt;
    }

    /** Owner only: whether a server PING awaits any line. */
    public boolean pingOutstanding() {
        return pingOutstanding;
    }

    /** Owner only. */
    public long pingSentAt() {
        return pingSentAt;
    }

    /** Owner only: the server sent PING at {@code now}. */
    public void pingSent(long now) {
        pingOutstanding = true;
        pingSentAt = now;
    }

    /** Owner only. */
    public void active(long now) {
        lastActiveAt = now;
    }

    /** Owner only. */
    public void away(String message) {
        this.away = message;
    }

    /** Owner only. */
    public void invisible(boolean value) {
        this.invisible = value;
    }

    /** Owner only: sets the user and real name from USER. */
    public void user(String displayedUser, String realName) {
        this.user = displayedUser;
        this.realname = realName;
        updatePrefix();
    }

    // ---- changed through the hub ---------------------------------------------------------

    void nick(String value) {
        this.nick = value;
        updatePrefix();
    }

    void registered(long now) {
        this.signonAt = now;
        this.lastActiveAt = now;
        this.registered = true;
    }

    /** @return {@code true} the first time only */
    boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    void addChannel(Channel c) {
        Channel[] old = channels;
        Channel[] next = Arrays.copyOf(old, old.length + 1);
        next[old.length] = c;
        channels = next;
    }

    void removeChannel(Channel c) {
        Channel[] old = channels;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == c) {
                if (old.length == 1) {
                    channels = NO_CHANNELS;
                    return;
                }
                Channel[] next = new Channel[old.length - 1];
                System.arraycopy(old, 0, next, 0, i);
                System.arraycopy(old, i + 1, next, i, old.length - i - 1);
                channels = next;
                return;
            }
        }
    }

    void clearChannels() {
        channels = NO_CHANNELS;
    }

    private void updatePrefix() {
        String n = nick;
        if (n == null) {
            prefix = null;
            return;
        }
        String u = user;
        prefix = n + "!" + (u == null ? "*" : u) + "@" + host;
    }

    @Override
    public String toString() {
        return "Client[" + (nick == null ? "*" : nick) + "@" + host + "]";
    }
}
