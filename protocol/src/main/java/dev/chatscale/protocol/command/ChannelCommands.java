package dev.chatscale.protocol.command;

import dev.chatscale.protocol.state.Channel;
import dev.chatscale.protocol.state.Client;
import dev.chatscale.protocol.state.Hub;
import dev.chatscale.protocol.wire.EncodedLine;
import dev.chatscale.protocol.wire.IrcMessage;
import dev.chatscale.protocol.wire.LineEncoder;
import java.util.List;
import java.util.Map;

/**
 * Channel commands (PROTOCOL.md §4): JOIN, PART, TOPIC, NAMES, LIST.
 *
 * <p>Stateless; thread-safe. Broadcast lines are encoded once and offered to every recipient after
 * the channel lock is released.
 */
final class ChannelCommands extends CommandFamily {
    /** CHANNELLEN of 005, in bytes. */
    static final int CHANNELLEN = 50;
    /** TOPICLEN of 005, in characters. */
    static final int TOPICLEN = 390;
    /** CHANLIMIT of 005: channels one user may be on. */
    static final int CHANLIMIT = 100;

    ChannelCommands(Hub hub) {
        super(hub);
    }

    @Override
    void register(Map<String, CommandTable.Command> table) {
        add(table, "JOIN", 1, false, this::join);
        add(table, "PART", 1, false, this::part);
        add(table, "TOPIC", 1, false, this::topic);
        add(table, "NAMES", 0, false, this::names);
        add(table, "LIST", 0, false, this::list);
    }

    /**
     * {@code #}, 2..CHANNELLEN bytes, no space, comma, BEL, NUL, CR or LF (PROTOCOL.md §4).
     */
    static boolean isValidChannelName(String name) {
        if (name.length() < 2 || name.charAt(0) != '#' || LineEncoder.utf8Length(name) > CHANNELLEN) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == ' ' || ch == ',' || ch == 7 || ch == 0 || ch == '\r' || ch == '\n') {
                return false;
            }
        }
        return true;
    }

    private void join(Client c, IrcMessage m, long now) {
        String arg = m.param(0);
        if (arg.equals("0")) {
            for (Channel ch : c.channels()) {
                leave(c, ch, null);
            }
            return;
        }
        List<String> names = commaList(arg);
        if (names.isEmpty()) {
            c.reply(Numeric.ERR_NEEDMOREPARAMS, "JOIN", "Not enough parameters");
            return;
        }
        for (String name : names) {
            if (!isValidChannelName(name)) {
                c.reply(Numeric.ERR_NOSUCHCHANNEL, name, "No such channel");
                continue;
            }
            if (c.channel(dev.chatscale.protocol.wire.CaseMapping.fold(name)) != null) {
                continue; // already a member: ignore
            }
            if (c.channels().length >= CHANLIMIT) {
                c.reply(Numeric.ERR_TOOMANYCHANNELS, name, "You have joined too many channels");
                continue;
            }
            Hub.JoinResult joined = hub.join(c, name, now);
            Channel ch = joined.channel();
            // ":nick!user@host JOIN #c" to every member including the joiner, then topic, then names.
            hub.fanOut(joined.members(), LineEncoder.encode(c.prefix(), "JOIN", ch.name()), null);
            Channel.Topic topic = ch.topic();
            if (topic != null) {
                sendTopic(c, ch, topic);
            }
            sendNames(c, ch, joined.members());
        }
    }

    private void part(Client c, IrcMessage m, long now) {
        String reason = m.paramCount() > 1 && !m.param(1).isEmpty() ? m.param(1) : null;
        for (String name : commaList(m.param(0))) {
            Channel ch = hub.findChannel(name);
            if (ch == null) {
                c.reply(Numeric.ERR_NOSUCHCHANNEL, name, "No such channel");
            } else if (!c.isOn(ch)) {
                c.reply(Numeric.ERR_NOTONCHANNEL, ch.name(), "You're not on that channel");
            } else {
                leave(c, ch, reason);
            }
        }
    }

    /** PART to all members including the parter. */
    private void leave(Client c, Channel ch, String reason) {
        EncodedLine line = reason == null
                ? LineEncoder.encode(c.prefix(), "PART", ch.name())
                : LineEncoder.encodeText(c.prefix(), "PART", ch.name(), reason);
        Channel.Member[] left = hub.part(c, ch);
        if (left != null) {
            hub.fanOut(left, line, null);
            c.send(line);
        }
    }

    private void topic(Client c, IrcMessage m, long now) {
        String name = m.param(0);
        Channel ch = hub.findChannel(name);
        if (ch == null) {
            c.reply(Numeric.ERR_NOSUCHCHANNEL, name, "No such channel");
            return;
        }
        if (m.paramCount() == 1) {
            Channel.Topic topic = ch.topic();
            if (topic == null) {
                c.reply(Numeric.RPL_NOTOPIC, ch.name(), "No topic is set");
            } else {
                sendTopic(c, ch, topic);
            }
            return;
        }
        Channel.Member me = ch.member(c);
        if (me == null) {
            c.reply(Numeric.ERR_NOTONCHANNEL, ch.name(), "You're not on that channel");
            return;
        }
        if (!me.op()) { // +t is always set
            c.reply(Numeric.ERR_CHANOPRIVSNEEDED, ch.name(), "You're not channel operator");
            return;
        }
        String text = truncate(m.param(1), TOPICLEN);
        hub.topic(ch, text.isEmpty() ? null : new Channel.Topic(text, c.nick(), now / 1000));
        hub.fanOut(ch.members(), LineEncoder.encodeText(c.prefix(), "TOPIC", ch.name(), text), null);
    }

    private void names(Client c, IrcMessage m, long now) {
        if (m.paramCount() == 0 || m.param(0).isEmpty()) {
            c.reply(Numeric.RPL_ENDOFNAMES, "*", "End of /NAMES list");
            return;
        }
        for (String name : commaList(m.param(0))) {
            Channel ch = hub.findChannel(name);
            if (ch == null) {
                c.reply(Numeric.RPL_ENDOFNAMES, name, "End of /NAMES list");
            } else {
                sendNames(c, ch, ch.members());
            }
        }
    }

    private void list(Client c, IrcMessage m, long now) {
        c.reply(Numeric.RPL_LISTSTART, "Channel", "Users  Name");
        List<String> filter = m.paramCount() > 0 && m.param(0).startsWith("#") ? commaList(m.param(0)) : null;
        if (filter != null) {
            for (String name : filter) {
                Channel ch = hub.findChannel(name);
                if (ch != null) {
                    listEntry(c, ch);
                }
            }
        } else {
            for (Channel ch : hub.channels()) {
                listEntry(c, ch);
            }
        }
        c.reply(Numeric.RPL_LISTEND, "End of /LIST");
    }

    private static void listEntry(Client c, Channel ch) {
        int size = ch.size();
        if (size > 0) {
            Channel.Topic topic = ch.topic();
            c.reply(Numeric.RPL_LIST, ch.name(), Integer.toString(size), topic == null ? "" : topic.text());
        }
    }

    /** 332 + 333. */
    static void sendTopic(Client c, Channel ch, Channel.Topic topic) {
        c.reply(Numeric.RPL_TOPIC, ch.name(), topic.text());
        c.reply(Numeric.RPL_TOPICWHOTIME, ch.name(), topic.setBy(), Long.toString(topic.setAt()));
    }

    /** 353 lines (each at most 512 bytes) then 366. */
    void sendNames(Client c, Channel ch, Channel.Member[] members) {
        // ":<server> 353 <me> = #c :" + names + CRLF <= 512
        int budget = LineEncoder.MAX_LINE_BYTES - 2
                - (1 + server().length() + 5 + c.me().length() + 3 + LineEncoder.utf8Length(ch.name()) + 2);
        StringBuilder names = new StringBuilder();
        for (Channel.Member member : members) {
            String entry = prefixOf(member) + member.client().nick();
            if (!names.isEmpty() && names.length() + 1 + entry.length() > budget) {
                c.reply(Numeric.RPL_NAMREPLY, "=", ch.name(), names.toString());
                names.setLength(0);
            }
            if (!names.isEmpty()) {
                names.append(' ');
            }
            names.append(entry);
        }
        if (!names.isEmpty()) {
            c.reply(Numeric.RPL_NAMREPLY, "=", ch.name(), names.toString());
        }
        c.reply(Numeric.RPL_ENDOFNAMES, ch.name(), "End of /NAMES list");
    }

    /** {@code @} for ops, {@code +} for voice, else nothing (PREFIX=(ov)@+). */
    static String prefixOf(Channel.Member m) {
        return m.op() ? "@" : m.voice() ? "+" : "";
    }

    /** At most {@code max} characters, never splitting a surrogate pair. */
    static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
