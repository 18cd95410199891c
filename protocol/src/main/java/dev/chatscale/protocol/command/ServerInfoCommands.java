package dev.chatscale.protocol.command;

import dev.chatscale.protocol.config.ServerConfig;
import dev.chatscale.protocol.state.Client;
import dev.chatscale.protocol.state.Hub;
import dev.chatscale.protocol.wire.IrcMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The welcome burst (PROTOCOL.md §2: 001-005, LUSERS, MOTD, 221) and the LUSERS and MOTD commands.
 * Stateless apart from the precomputed 005 token lines; thread-safe.
 */
final class ServerInfoCommands extends CommandFamily {
    /** 005 tokens per line at most (PROTOCOL.md §2). */
    static final int MAX_ISUPPORT_TOKENS = 13;
    /** User modes of 004. */
    static final String USER_MODES = "i";
    /** Channel modes of 004. */
    static final String CHANNEL_MODES = "bnotv";

    private final List<String[]> isupportLines;

    ServerInfoCommands(Hub hub) {
        super(hub);
        this.isupportLines = isupportLines(isupportTokens(hub.config()));
    }

    @Override
    void register(Map<String, CommandTable.Command> table) {
        add(table, "LUSERS", 0, false, (c, m, now) -> lusers(c));
        add(table, "MOTD", 0, false, (c, m, now) -> motd(c));
        add(table, "VERSION", 0, false, this::version);
    }

    /** The 005 tokens, all consistent with behaviour (no WHOX: WHO % is not implemented). */
    static List<String> isupportTokens(ServerConfig config) {
        return List.of(
                "CASEMAPPING=ascii",
                "CHANTYPES=#",
                "PREFIX=(ov)@+",
                "CHANMODES=b,,,nt",
                "NICKLEN=" + RegistrationCommands.NICKLEN,
                "CHANNELLEN=" + ChannelCommands.CHANNELLEN,
                "TOPICLEN=" + ChannelCommands.TOPICLEN,
                "USERLEN=" + RegistrationCommands.USERLEN,
                "AWAYLEN=" + QueryCommands.AWAYLEN,
                "NETWORK=" + config.network(),
                "CHANLIMIT=#:" + ChannelCommands.CHANLIMIT,
                "MAXTARGETS=" + MessageCommands.MAXTARGETS,
                "MODES=" + ModeCommands.MODES);
    }

    private static List<String[]> isupportLines(List<String> tokens) {
        List<String[]> lines = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i += MAX_ISUPPORT_TOKENS) {
            List<String> part = new ArrayList<>(tokens.subList(i, Math.min(tokens.size(), i + MAX_ISUPPORT_TOKENS)));
            part.add("are supported by this server");
            lines.add(part.toArray(String[]::new));
        }
        return List.copyOf(lines);
    }

    /** 001-005, LUSERS, MOTD, 221, in that order. */
    void welcome(Client c) {
        ServerConfig cfg = hub.config();
        c.reply(Numeric.RPL_WELCOME, "Welcome to the " + cfg.network() + " IRC Network " + c.prefix());
        c.reply(Numeric.RPL_YOURHOST, "Your host is " + cfg.serverName() + ", running version " + cfg.version());
        c.reply(Numeric.RPL_CREATED, "This server was created " + hub.createdText());
        c.reply(Numeric.RPL_MYINFO, cfg.serverName(), cfg.version(), USER_MODES, CHANNEL_MODES);
        for (String[] line : isupportLines) {
            c.reply(Numeric.RPL_ISUPPORT, line);
        }
        lusers(c);
        motd(c);
        c.reply(Numeric.RPL_UMODEIS, c.invisible() ? "+i" : "+");
    }

    /** 251, 254, 255. */
    void lusers(Client c) {
        int users = hub.userCount();
        int invisible = hub.invisibleCount();
        c.reply(Numeric.RPL_LUSERCLIENT,
                "There are " + (users - invisible) + " users and " + invisible + " invisible on 1 servers");
        c.reply(Numeric.RPL_LUSERCHANNELS, Integer.toString(hub.channelCount()), "channels formed");
        c.reply(Numeric.RPL_LUSERME, "I have " + users + " clients and 0 servers");
    }

    /** 375/372.../376, or 422 when the configured MOTD is empty. */
    void motd(Client c) {
        ServerConfig cfg = hub.config();
        if (cfg.motd().isEmpty()) {
            c.reply(Numeric.ERR_NOMOTD, "MOTD File is missing");
            return;
        }
        c.reply(Numeric.RPL_MOTDSTART, "- " + cfg.serverName() + " Message of the day -");
        for (String line : cfg.motd()) {
            c.reply(Numeric.RPL_MOTD, "- " + line);
        }
        c.reply(Numeric.RPL_ENDOFMOTD, "End of /MOTD command.");
    }

    private void version(Client c, IrcMessage m, long now) {
        ServerConfig cfg = hub.config();
        c.reply(Numeric.RPL_VERSION, cfg.version(), cfg.serverName(), "chatscale IRC core");
        for (String[] line : isupportLines) {
            c.reply(Numeric.RPL_ISUPPORT, line);
        }
    }
}
