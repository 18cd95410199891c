package dev.chatscale.protocol.command;

import dev.chatscale.protocol.state.Channel;
import dev.chatscale.protocol.state.Client;
import dev.chatscale.protocol.state.Hub;
import dev.chatscale.protocol.wire.CaseMapping;
import dev.chatscale.protocol.wire.IrcMessage;
import dev.chatscale.protocol.wire.LineEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MODE (PROTOCOL.md §4, §5). Channels are always {@code +nt}; ops may give and take {@code o} and
 * {@code v} (PREFIX=(ov)@+, at most MODES=3 per command); {@code b} lists an always-empty ban list.
 * Anything else: 472. Non-ops changing modes: 482. User modes: only {@code i}, own nick only (502).
 * Stateless; thread-safe.
 */
final class ModeCommands extends CommandFamily {
    /** MODES of 005: parameter modes per MODE command. */
    static final int MODES = 3;

    ModeCommands(Hub hub) {
        super(hub);
    }

    @Override
    void register(Map<String, CommandTable.Command> table) {
        add(table, "MODE", 1, false, this::mode);
    }

    private void mode(Client c, IrcMessage m, long now) {
        String target = m.param(0);
        if (target.isEmpty()) {
            c.reply(Numeric.ERR_NEEDMOREPARAMS, "MODE", "Not enough parameters");
        } else if (target.charAt(0) == '#') {
            channelMode(c, m, target);
        } else {
            userMode(c, m, target);
        }
    }

    private void channelMode(Client c, IrcMessage m, String name) {
        Channel ch = hub.findChannel(name);
        if (ch == null) {
            c.reply(Numeric.ERR_NOSUCHCHANNEL, name, "No such channel");
            return;
        }
        if (m.paramCount() == 1) {
            c.reply(Numeric.RPL_CHANNELMODEIS, ch.name(), "+nt");
            c.reply(Numeric.RPL_CREATIONTIME, ch.name(), Long.toString(ch.createdAt()));
            return;
        }
        String modes = m.param(1);
        if (isBanListQuery(modes) && m.paramCount() == 2) {
            c.reply(Numeric.RPL_ENDOFBANLIST, ch.name(), "End of channel ban list");
            return;
        }
        Channel.Member me = ch.member(c);
        if (me == null || !me.op()) {
            c.reply(Numeric.ERR_CHANOPRIVSNEEDED, ch.name(), "You're not channel operator");
            return;
        }
        boolean adding = true;
        int argIndex = 2;
        int paramModes = 0;
        StringBuilder applied = new StringBuilder();
        char appliedSign = 0;
        List<String> appliedArgs = new ArrayList<>(MODES);
        for (int i = 0; i < modes.length(); i++) {
            char mode = modes.charAt(i);
            switch (mode) {
                case '+' -> adding = true;
                case '-' -> adding = false;
                case 'o', 'v' -> {
                    if (argIndex >= m.paramCount() || paramModes >= MODES) {
                        continue;
                    }
                    String nick = m.param(argIndex++);
                    paramModes++;
                    Client target = hub.findUser(nick);
                    if (target == null) {
                        c.reply(Numeric.ERR_NOSUCHNICK, nick, "No such nick/channel");
                        continue;
                    }
                    Channel.Member member = ch.member(target);
                    if (member == null) {
                        c.reply(Numeric.ERR_USERNOTINCHANNEL, target.nick(), ch.name(), "They aren't on that channel");
                        continue;
                    }
                    boolean has = mode == 'o' ? member.op() : member.voice();
                    if (has == adding || !hub.memberStatus(ch, target, mode, adding)) {
                        continue;
                    }
                    char sign = adding ? '+' : '-';
                    if (sign != appliedSign) {
                        applied.append(sign);
                        appliedSign = sign;
                    }
                    applied.append(mode);
                    appliedArgs.add(target.nick());
                }
                case 'n', 't' -> {
                    if (!adding) {
                        c.reply(Numeric.ERR_UNKNOWNMODE, String.valueOf(mode), "is unknown mode char to me");
                    } // +n / +t: already set
                }
                case 'b' -> {
                    if (argIndex < m.paramCount()) {
                        argIndex++; // bans are not supported
                        c.reply(Numeric.ERR_UNKNOWNMODE, "b", "is unknown mode char to me");
                    } else {
                        c.reply(Numeric.RPL_ENDOFBANLIST, ch.name(), "End of channel ban list");
                    }
                }
                default -> c.reply(Numeric.ERR_UNKNOWNMODE, String.valueOf(mode), "is unknown mode char to me");
            }
        }
        if (!applied.isEmpty()) {
            List<String> params = new ArrayList<>(appliedArgs.size() + 2);
            params.add(ch.name());
            params.add(applied.toString());
            params.addAll(appliedArgs);
            hub.fanOut(ch.members(), LineEncoder.encode(c.prefix(), "MODE", params.toArray(String[]::new)), null);
        }
    }

    private static boolean isBanListQuery(String modes) {
        boolean sawB = false;
        for (int i = 0; i < modes.length(); i++) {
            char ch = modes.charAt(i);
            if (ch == 'b') {
                sawB = true;
            } else if (ch != '+') {
                return false;
            }
        }
        return sawB;
    }

    private void userMode(Client c, IrcMessage m, String target) {
        if (!CaseMapping.equalsFolded(target, c.nick())) {
            if (hub.findUser(target) == null) {
                c.reply(Numeric.ERR_NOSUCHNICK, target, "No such nick/channel");
            } else {
                c.reply(Numeric.ERR_USERSDONTMATCH, "Can't change mode for other users");
            }
            return;
        }
        if (m.paramCount() == 1) {
            c.reply(Numeric.RPL_UMODEIS, c.invisible() ? "+i" : "+");
            return;
        }
        boolean adding = true;
        boolean unknown = false;
        String change = null;
        for (char mode : m.param(1).toCharArray()) {
            switch (mode) {
                case '+' -> adding = true;
                case '-' -> adding = false;
                case 'i' -> {
                    if (c.invisible() != adding) {
                        hub.invisible(c, adding);
                        change = adding ? "+i" : "-i";
                    }
                }
                default -> unknown = true;
            }
        }
        if (change != null) {
            // ":me!u@h MODE me :+i"
            c.send(LineEncoder.encodeText(c.prefix(), "MODE", c.nick(), change));
        }
        if (unknown) {
            c.reply(Numeric.ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag");
        }
    }
}
