package dev.chatscale.protocol.command;

import dev.chatscale.protocol.state.Channel;
import dev.chatscale.protocol.state.Client;
import dev.chatscale.protocol.state.Hub;
import dev.chatscale.protocol.wire.IrcMessage;
import java.util.Map;

/**
 * User queries and user state (PROTOCOL.md §5): WHO, WHOIS, USERHOST, ISON, AWAY.
 * Stateless; thread-safe. Other users' fields are read from their volatile snapshots.
 */
final class QueryCommands extends CommandFamily {
    /** AWAYLEN of 005, in characters. */
    static final int AWAYLEN = 200;
    /** USERHOST answers at most this many nicks. */
    static final int USERHOST_MAX = 5;

    QueryCommands(Hub hub) {
        super(hub);
    }

    @Override
    void register(Map<String, CommandTable.Command> table) {
        add(table, "WHO", 0, false, this::who);
        add(table, "WHOIS", 1, false, this::whois);
        add(table, "USERHOST", 1, false, this::userhost);
        add(table, "ISON", 1, false, this::ison);
        add(table, "AWAY", 0, false, this::away);
    }

    // WHO #c -> 352 per member then 315; WHO nick -> 352 with channel "*".
    private void who(Client c, IrcMessage m, long now) {
        String mask = m.paramCount() > 0 && !m.param(0).isEmpty() ? m.param(0) : "*";
        if (mask.charAt(0) == '#') {
            Channel ch = hub.findChannel(mask);
            if (ch != null) {
                for (Channel.Member member : ch.members()) {
                    whoReply(c, ch.name(), member.client(), ChannelCommands.prefixOf(member));
                }
            }
        } else {
            Client u = hub.findUser(mask);
            if (u != null) {
                whoReply(c, "*", u, "");
            }
        }
        c.reply(Numeric.RPL_ENDOFWHO, mask, "End of /WHO list");
    }

    private void whoReply(Client c, String channel, Client u, String status) {
        // 352 <me> <channel> <user> <host> <server> <nick> H|G[@|+] :0 <realname>
        c.reply(Numeric.RPL_WHOREPLY, channel, u.user(), u.host(), server(), u.nick(),
                (u.away() == null ? "H" : "G") + status, "0 " + u.realname());
    }

    // WHOIS [server] nick[,nick] -> 311 319 312 301 317 per nick, 401 for unknown; then one 318.
    private void whois(Client c, IrcMessage m, long now) {
        String target = m.lastParam();
        for (String nick : commaList(target)) {
            Client u = hub.findUser(nick);
            if (u == null) {
                c.reply(Numeric.ERR_NOSUCHNICK, nick, "No such nick/channel");
                continue;
            }
            c.reply(Numeric.RPL_WHOISUSER, u.nick(), u.user(), u.host(), "*", u.realname());
            Channel[] channels = u.channels();
            if (channels.length > 0) {
                StringBuilder sb = new StringBuilder();
                for (Channel ch : channels) {
                    Channel.Member member = ch.member(u);
                    if (member != null) {
                        if (!sb.isEmpty()) {
                            sb.append(' ');
                        }
                        sb.append(ChannelCommands.prefixOf(member)).append(ch.name());
                    }
                }
                if (!sb.isEmpty()) {
                    c.reply(Numeric.RPL_WHOISCHANNELS, u.nick(), sb.toString());
                }
            }
            c.reply(Numeric.RPL_WHOISSERVER, u.nick(), server(), hub.config().network() + " chatscale server");
            String away = u.away();
            if (away != null) {
                c.reply(Numeric.RPL_AWAY, u.nick(), away);
            }
            long idle = Math.max(0, (now - u.lastActiveAt()) / 1000);
            c.reply(Numeric.RPL_WHOISIDLE, u.nick(), Long.toString(idle), Long.toString(u.signonAt() / 1000),
                    "seconds idle, signon time");
        }
        c.reply(Numeric.RPL_ENDOFWHOIS, target, "End of /WHOIS list");
    }

    // USERHOST n1 n2 -> 302 <me> :n1=+user@host n2=-user@host ('-' when away)
    private void userhost(Client c, IrcMessage m, long now) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String param : m.params()) {
            for (String nick : param.split(" ")) {
                if (nick.isEmpty() || n >= USERHOST_MAX) {
                    continue;
                }
                n++;
                Client u = hub.findUser(nick);
                if (u != null) {
                    if (!sb.isEmpty()) {
                        sb.append(' ');
                    }
                    sb.append(u.nick()).append('=').append(u.away() == null ? '+' : '-')
                            .append(u.user()).append('@').append(u.host());
                }
            }
        }
        c.reply(Numeric.RPL_USERHOST, sb.toString());
    }

    // ISON a b -> 303 <me> :a  (the nicks online, as they are spelled on the server)
    private void ison(Client c, IrcMessage m, long now) {
        StringBuilder sb = new StringBuilder();
        for (String param : m.params()) {
            for (String nick : param.split(" ")) {
                Client u = nick.isEmpty() ? null : hub.findUser(nick);
                if (u != null) {
                    if (!sb.isEmpty()) {
                        sb.append(' ');
                    }
                    sb.append(u.nick());
                }
            }
        }
        c.reply(Numeric.RPL_ISON, sb.toString());
    }

    // AWAY :msg -> 306; AWAY -> 305
    private void away(Client c, IrcMessage m, long now) {
        String msg = m.paramOr(0, "");
        if (msg.isEmpty()) {
            c.away(null);
            c.reply(Numeric.RPL_UNAWAY, "You are no longer marked as being away");
        } else {
            c.away(ChannelCommands.truncate(msg, AWAYLEN));
            c.reply(Numeric.RPL_NOWAWAY, "You have been marked as being away");
        }
    }
}
