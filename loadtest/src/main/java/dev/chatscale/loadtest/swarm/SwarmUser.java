package dev.chatscale.loadtest.swarm;

import java.util.function.Consumer;

/**
 * One simulated telnet-style IRC user: on connect sends {@code NICK}/{@code USER}, on 001 joins its
 * room, on 366 for that room counts as joined, then idles, answering server {@code PING}s (as a real
 * client would). Lines that are fan-out probes go to {@code onFanout}.
 *
 * <p>Confined to its connection's Vert.x context.
 */
final class SwarmUser implements IrcConnection.Listener {
    private enum State { REGISTERING, JOINING, JOINED, FAILED }

    private final String nick;
    private final String room;
    private final SwarmCounters counters;
    private final Consumer<String> onOtherLine;
    private volatile State state = State.REGISTERING; // written on the connection's context only
    private volatile IrcConnection connection; // written once on the connection's context

    /**
     * @param onOtherLine gets every line after joining (fan-out members parse probes there); may be a no-op
     */
    SwarmUser(String nick, String room, SwarmCounters counters, Consumer<String> onOtherLine) {
        this.nick = nick;
        this.room = room;
        this.counters = counters;
        this.onOtherLine = onOtherLine;
    }

    /** Called once the socket is connected. */
    void start(IrcConnection c) {
        this.connection = c;
        counters.connected.increment();
        c.send("NICK " + nick);
        c.send("USER " + nick + " 0 * :chatscale swarm");
    }

    @Override
    public void onLine(IrcConnection c, String line) {
        if (line.startsWith("PING")) {
            c.send("PONG" + line.substring(4));
            return;
        }
        if (state == State.JOINED) {
            onOtherLine.accept(line);
            return;
        }
        String numeric = numeric(line);
        switch (state) {
            case REGISTERING -> {
                if ("001".equals(numeric)) {
                    counters.registered.increment();
                    state = State.JOINING;
                    c.send("JOIN " + room);
                } else if ("433".equals(numeric) || "432".equals(numeric) || line.startsWith("ERROR")) {
                    fail(c);
                }
            }
            case JOINING -> {
                if ("366".equals(numeric) && line.contains(" " + room + " ")) {
                    counters.joined.increment();
                    state = State.JOINED;
                } else if ("403".equals(numeric) || "405".equals(numeric) || "471".equals(numeric)
                        || line.startsWith("ERROR")) {
                    fail(c);
                }
            }
            default -> { }
        }
    }

    private void fail(IrcConnection c) {
        if (state != State.FAILED && state != State.JOINED) {
            state = State.FAILED;
            counters.failed.increment();
        }
        c.close();
    }

    @Override
    public void onClosed(IrcConnection c) {
        if (state == State.JOINED) {
            if (!counters.closing.get()) {
                counters.dropped.increment();
            }
        } else if (state != State.FAILED) {
            state = State.FAILED;
            counters.failed.increment();
        }
    }

    /** Marks the user as failed when the connect attempt itself failed. */
    void connectFailed() {
        state = State.FAILED;
        counters.failed.increment();
    }

    /** Whether the user is in its room. */
    boolean joined() {
        return state == State.JOINED;
    }

    IrcConnection connection() {
        return connection;
    }

    String nick() {
        return nick;
    }

    /** The 3-digit numeric of a server line {@code :server NNN ...}, or {@code null}. */
    static String numeric(String line) {
        int space = line.indexOf(' ');
        if (!line.startsWith(":") || space < 0 || line.length() < space + 5 || line.charAt(space + 4) != ' ') {
            return null;
        }
        String n = line.substring(space + 1, space + 4);
        for (int i = 0; i < 3; i++) {
            if (!Character.isDigit(n.charAt(i))) {
                return null;
            }
        }
        return n;
    }
}
