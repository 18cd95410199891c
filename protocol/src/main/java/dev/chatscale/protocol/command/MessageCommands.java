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
 * PRIVMSG and NOTICE (PROTOCOL.md §5). A channel message goes to every member except the sender
 * (and to the sender too if it ACKed {@code echo-message}), encoded once; a private message to the
 * target user. The encoder truncates the text so that every line sent is at most 512 bytes.
 * NOTICE never produces error replies (RFC rule). Stateless; thread-safe.
 */
final class MessageCommands extends CommandFamily {
    /** MAXTARGETS of 005: targets per PRIVMSG/NOTICE. */
    static final int MAXTARGETS = 4;

    MessageCommands(Hub hub) {
        super(hub);
    }

    @Override
    void register(Map<String, CommandTable.Command> table) {
        add(table, "PRIVMSG", 0, false, (c, m, now) -> message(c, m, now, false));
        add(table, "NOTICE", 0, false, (c, m, now) -> message(c, m, now, true));
    }

    private void message(Client c, IrcMessage m, long now, boolean notice) {
        String verb = notice ? "NOTICE" : "PRIVMSG";
        if (m.paramCount() == 0 || m.param(0).isEmpty()) {
            if (!notice) {
                c.reply(Numeric.ERR_NORECIPIENT, "No recipient given (PRIVMSG)");
            }
            return;
        }
        if (m.paramCount() < 2 || m.param(1).isEmpty()) {
            if (!notice) {
                c.reply(Numeric.ERR_NOTEXTTOSEND, "No text to send");
            }
            return;
        }
        String text = m.param(1);
        c.active(now);
        List<String> targets = commaList(m.param(0));
        for (int i = 0; i < targets.size(); i++) {
            String target = targets.get(i);
            if (i >= MAXTARGETS) {
                if (!notice) {
                    c.reply(Numeric.ERR_TOOMANYTARGETS, target, "Too many targets");
                }
                continue;
            }
            if (target.charAt(0) == '#') {
                toChannel(c, target, verb, text, notice);
            } else {
                toUser(c, target, verb, text, notice);
            }
        }
    }

    private void toChannel(Client c, String target, String verb, String text, boolean notice) {
        Channel ch = hub.findChannel(target);
        if (ch == null) {
            if (!notice) {
                c.reply(Numeric.ERR_NOSUCHNICK, target, "No such nick/channel");
            }
            return;
        }
        if (!c.isOn(ch)) { // +n: no external messages
            if (!notice) {
                c.reply(Numeric.ERR_CANNOTSENDTOCHAN, ch.name(), "Cannot send to channel");
            }
            return;
        }
        EncodedLine line = LineEncoder.encodeText(c.prefix(), verb, ch.name(), text);
        hub.fanOut(ch.members(), line, c.echoMessage() ? null : c);
    }

    private void toUser(Client c, String target, String verb, String text, boolean notice) {
        Client to = hub.findUser(target);
        if (to == null) {
            if (!notice) {
                c.reply(Numeric.ERR_NOSUCHNICK, target, "No such nick/channel");
            }
            return;
        }
        EncodedLine line = LineEncoder.encodeText(c.prefix(), verb, to.nick(), text);
        to.send(line);
        if (c.echoMessage() && to != c) {
            c.send(line);
        }
        String away = to.away();
        if (away != null && !notice) {
            c.reply(Numeric.RPL_AWAY, to.nick(), away);
        }
    }
}
