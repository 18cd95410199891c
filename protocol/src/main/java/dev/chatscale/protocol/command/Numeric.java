package dev.chatscale.protocol.command;

/**
 * The numeric replies this server sends, named as in modern-irc (PROTOCOL.md lists their texts).
 * Immutable and thread-safe.
 */
public enum Numeric {
    RPL_WELCOME("001"),
    RPL_YOURHOST("002"),
    RPL_CREATED("003"),
    RPL_MYINFO("004", false),
    RPL_ISUPPORT("005"),
    RPL_UMODEIS("221", false),
    RPL_LUSERCLIENT("251"),
    RPL_LUSERUNKNOWN("253"),
    RPL_LUSERCHANNELS("254"),
    RPL_LUSERME("255"),
    RPL_AWAY("301"),
    RPL_USERHOST("302"),
    RPL_ISON("303"),
    RPL_UNAWAY("305"),
    RPL_NOWAWAY("306"),
    RPL_WHOISUSER("311"),
    RPL_WHOISSERVER("312"),
    RPL_ENDOFWHO("315"),
    RPL_WHOISIDLE("317"),
    RPL_ENDOFWHOIS("318"),
    RPL_WHOISCHANNELS("319"),
    RPL_LISTSTART("321"),
    RPL_LIST("322"),
    RPL_LISTEND("323"),
    RPL_CHANNELMODEIS("324", false),
    RPL_CREATIONTIME("329", false),
    RPL_NOTOPIC("331"),
    RPL_TOPIC("332"),
    RPL_TOPICWHOTIME("333", false),
    RPL_VERSION("351"),
    RPL_WHOREPLY("352"),
    RPL_NAMREPLY("353"),
    RPL_ENDOFNAMES("366"),
    RPL_ENDOFBANLIST("368"),
    RPL_MOTD("372"),
    RPL_MOTDSTART("375"),
    RPL_ENDOFMOTD("376"),
    ERR_NOSUCHNICK("401"),
    ERR_NOSUCHCHANNEL("403"),
    ERR_CANNOTSENDTOCHAN("404"),
    ERR_TOOMANYCHANNELS("405"),
    ERR_TOOMANYTARGETS("407"),
    ERR_INVALIDCAPCMD("410"),
    ERR_NORECIPIENT("411"),
    ERR_NOTEXTTOSEND("412"),
    ERR_INPUTTOOLONG("417"),
    ERR_UNKNOWNCOMMAND("421"),
    ERR_NOMOTD("422"),
    ERR_NONICKNAMEGIVEN("431"),
    ERR_ERRONEUSNICKNAME("432"),
    ERR_NICKNAMEINUSE("433"),
    ERR_USERNOTINCHANNEL("441"),
    ERR_NOTONCHANNEL("442"),
    ERR_NOTREGISTERED("451"),
    ERR_NEEDMOREPARAMS("461"),
    ERR_ALREADYREGISTERED("462"),
    ERR_PASSWDMISMATCH("464"),
    ERR_UNKNOWNMODE("472"),
    ERR_CHANOPRIVSNEEDED("482"),
    ERR_UMODEUNKNOWNFLAG("501"),
    ERR_USERSDONTMATCH("502");

    private final String code;
    private final boolean text;

    Numeric(String code) {
        this(code, true);
    }

    Numeric(String code, boolean text) {
        this.code = code;
        this.text = text;
    }

    /**
     * Whether the last param is a message, always written after {@code :} (e.g. {@code 303 me :a});
     * {@code false} for replies whose last param is a token ({@code 221 me +i}, {@code 324 me #c +nt}).
     */
    public boolean text() {
        return text;
    }

    /** The three digits on the wire. */
    public String code() {
        return code;
    }
}
