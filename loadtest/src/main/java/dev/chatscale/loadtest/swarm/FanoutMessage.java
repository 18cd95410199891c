package dev.chatscale.loadtest.swarm;

/**
 * The text of one fan-out probe and its parser: {@code fan <repeat> <sendNanoTime>}, sent as
 * {@code PRIVMSG <room> :fan <repeat> <sendNanoTime>} and received by each member as
 * {@code :<nick>!<user>@<host> PRIVMSG <room> :fan <repeat> <sendNanoTime>}. The nanoTime is the
 * sender's {@link System#nanoTime()}: only meaningful in the JVM that sent it (the swarm). Stateless.
 *
 * @param repeat which repeat (0-based)
 * @param sentNanos sender's nanoTime when the line was handed to the socket
 */
record FanoutMessage(int repeat, long sentNanos) {
    private static final String MARKER = " :fan ";

    /** The PRIVMSG line (without CRLF) carrying this probe to {@code room}. */
    String toLine(String room) {
        return "PRIVMSG " + room + MARKER + repeat + " " + sentNanos;
    }

    /**
     * Parses a received line; returns {@code null} when it is not a fan-out probe to {@code room}
     * (any other line an IRC client sees), never throws.
     */
    static FanoutMessage parse(String line, String room) {
        int at = line.indexOf(" PRIVMSG " + room + MARKER);
        if (at < 0) {
            return null;
        }
        int start = at + " PRIVMSG ".length() + room.length() + MARKER.length();
        int space = line.indexOf(' ', start);
        if (space < 0) {
            return null;
        }
        try {
            int repeat = Integer.parseInt(line, start, space, 10);
            long sent = Long.parseLong(line, space + 1, line.length(), 10);
            return repeat < 0 ? null : new FanoutMessage(repeat, sent);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
