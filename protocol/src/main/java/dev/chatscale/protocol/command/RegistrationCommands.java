package dev.chatscale.protocol.command;

import dev.chatscale.protocol.state.Client;
import dev.chatscale.protocol.state.Hub;
import dev.chatscale.protocol.wire.CaseMapping;
import dev.chatscale.protocol.wire.EncodedLine;
import dev.chatscale.protocol.wire.IrcMessage;
import dev.chatscale.protocol.wire.LineEncoder;
import java.util.Map;
import java.util.Set;

/**
 * Connection registration and identity (PROTOCOL.md §2, §3, §5): CAP, PASS, NICK, USER, PING, PONG,
 * QUIT, and the moment registration completes.
 *
 * <p>Registration completes when NICK and USER are in and no CAP negotiation is open; then the
 * server password (if configured) is checked and the welcome burst sent. Stateless; thread-safe.
 */
final class RegistrationCommands extends CommandFamily {
    /** Capabilities offered in {@code CAP LS} (PROTOCOL.md §9). */
    static final String CAPABILITIES = "echo-message";
    /** NICKLEN of 005. */
    static final int NICKLEN = 30;
    /** USERLEN of 005: the displayed user ({@code ~u}) is cut to this many characters. */
    static final int USERLEN = 18;
    /** QUIT reason when the client gives none (hybrid/solanum wording). */
    static final String DEFAULT_QUIT = "Client Quit";
    /** ERROR reason when PASS does not match. */
    static final String BAD_PASSWORD = "Bad Password";

    private final ServerInfoCommands info;

    RegistrationCommands(Hub hub, ServerInfoCommands info) {
        super(hub);
        this.info = info;
    }

    @Override
    void register(Map<String, CommandTable.Command> table) {
        add(table, "CAP", 1, true, this::cap);
        add(table, "PASS", 1, true, this::pass);
        add(table, "NICK", 0, true, this::nick);
        add(table, "USER", 4, true, this::user);
        add(table, "PING", 1, true, this::ping);
        add(table, "PONG", 0, true, (c, m, now) -> {});
        add(table, "QUIT", 0, true, this::quit);
    }

    // CAP LS [302] | LIST | REQ :caps | END   (ircv3 capability negotiation)
    private void cap(Client c, IrcMessage m, long now) {
        String sub = CaseMapping.upper(m.param(0));
        switch (sub) {
            case "LS" -> {
                if (!c.registered()) {
                    c.capNegotiating(true); // "suspend registration until CAP END"
                }
                c.send(LineEncoder.encodeText(server(), "CAP", c.me(), "LS", CAPABILITIES));
            }
            case "LIST" -> c.send(LineEncoder.encodeText(server(), "CAP", c.me(), "LIST",
                    c.echoMessage() ? "echo-message" : ""));
            case "REQ" -> {
                if (m.paramCount() < 2) {
                    c.reply(Numeric.ERR_NEEDMOREPARAMS, "CAP", "Not enough parameters");
                    return;
                }
                if (!c.registered()) {
                    c.capNegotiating(true);
                }
                String requested = m.param(1).strip();
                // "NAK the whole list unless every cap is supported, else ACK it."
                Boolean echo = null;
                boolean ok = true;
                for (String cap : requested.split(" +")) {
                    if (cap.isEmpty()) {
                        continue;
                    }
                    boolean remove = cap.charAt(0) == '-';
                    String name = remove ? cap.substring(1) : cap;
                    if (!name.equals("echo-message")) {
                        ok = false;
                        break;
                    }
                    echo = !remove;
                }
                if (ok && echo != null) {
                    c.echoMessage(echo);
                }
                c.send(LineEncoder.encodeText(server(), "CAP", c.me(), ok ? "ACK" : "NAK", requested));
            }
            case "END" -> {
                if (!c.registered()) {
                    c.capNegotiating(false);
                    tryRegister(c, now);
                }
            }
            default -> c.reply(Numeric.ERR_INVALIDCAPCMD, m.param(0), "Invalid CAP command");
        }
    }

    private void pass(Client c, IrcMessage m, long now) {
        if (c.registered()) {
            c.reply(Numeric.ERR_ALREADYREGISTERED, "You may not reregister");
            return;
        }
        c.password(m.param(0));
    }

    private void nick(Client c, IrcMessage m, long now) {
        String nick = m.paramOr(0, "");
        if (nick.isEmpty()) {
            c.reply(Numeric.ERR_NONICKNAMEGIVEN, "No nickname given");
            return;
        }
        if (!isValidNick(nick)) {
            c.reply(Numeric.ERR_ERRONEUSNICKNAME, nick, "Erroneous nickname");
            return;
        }
        String old = c.nick();
        if (nick.equals(old)) {
            return;
        }
        String oldPrefix = c.prefix();
        if (!hub.claimNick(c, nick)) {
            c.reply(Numeric.ERR_NICKNAMEINUSE, nick, "Nickname is already in use");
            return;
        }
        if (!c.registered()) {
            tryRegister(c, now);
            return;
        }
        // ":old!u@h NICK :new" to self and, once each, to everyone sharing a channel.
        EncodedLine line = LineEncoder.encodeText(oldPrefix, "NICK", nick);
        c.send(line);
        Set<Client> peers = hub.peers(c);
        for (Client p : peers) {
            p.outbound().offer(line);
        }
        hub.metrics().linesOut(peers.size());
    }

    private void user(Client c, IrcMessage m, long now) {
        if (c.registered()) {
            c.reply(Numeric.ERR_ALREADYREGISTERED, "You may not reregister");
            return;
        }
        // USER u m x :real name — params 2-3 ignored; "~u" (no ident) cut to USERLEN.
        String displayed = "~" + sanitizeUser(m.param(0));
        if (displayed.length() > USERLEN) {
            displayed = displayed.substring(0, USERLEN);
        }
        c.user(displayed, m.param(3));
        tryRegister(c, now);
    }

    private void ping(Client c, IrcMessage m, long now) {
        // PING <tok> -> ":<server> PONG <server> :<tok>"
        c.send(LineEncoder.encodeText(server(), "PONG", server(), m.param(0)));
    }

    private void quit(Client c, IrcMessage m, long now) {
        String given = m.paramOr(0, "");
        String reason = given.isEmpty() ? DEFAULT_QUIT : "Quit: " + given;
        hub.disconnect(c, reason, reason);
    }

    /** Completes registration if NICK and USER are in and no CAP negotiation is open. */
    void tryRegister(Client c, long now) {
        if (c.registered() || c.closed() || c.nick() == null || c.user() == null || c.capNegotiating()) {
            return;
        }
        String required = hub.config().password();
        if (required != null && !required.equals(c.password())) {
            c.reply(Numeric.ERR_PASSWDMISMATCH, "Password incorrect");
            hub.disconnect(c, BAD_PASSWORD, BAD_PASSWORD);
            return;
        }
        hub.invisible(c, true); // every user starts +i (221 "+i")
        hub.completeRegistration(c, now);
        info.welcome(c);
    }

    /**
     * 1..NICKLEN chars; first a letter or one of {@code []\`_^{|}}, the rest also digits and
     * {@code -}. So never space, {@code , * ? ! @ . # :} or a leading digit.
     */
    static boolean isValidNick(String nick) {
        int n = nick.length();
        if (n < 1 || n > NICKLEN) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char ch = nick.charAt(i);
            boolean letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
            boolean special = "[]\\`_^{|}".indexOf(ch) >= 0;
            boolean rest = (ch >= '0' && ch <= '9') || ch == '-';
            if (!(letter || special || (i > 0 && rest))) {
                return false;
            }
        }
        return true;
    }

    /** Keeps the characters of a user name that cannot break {@code nick!user@host}. */
    static String sanitizeUser(String u) {
        StringBuilder sb = new StringBuilder(u.length());
        for (int i = 0; i < u.length() && sb.length() < USERLEN; i++) {
            char ch = u.charAt(i);
            if (ch > ' ' && ch < 0x7f && "@!*?,:".indexOf(ch) < 0) {
                sb.append(ch);
            }
        }
        return sb.isEmpty() ? "user" : sb.toString();
    }
}
