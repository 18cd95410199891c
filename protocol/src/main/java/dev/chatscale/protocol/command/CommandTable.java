package dev.chatscale.protocol.command;

import dev.chatscale.protocol.state.Client;
import dev.chatscale.protocol.state.Hub;
import dev.chatscale.protocol.wire.IrcMessage;
import java.util.HashMap;
import java.util.Map;

/**
 * The data-driven command table: verb → handler, minimum params, whether allowed before
 * registration. The shared pre-checks run here once, in this order (PROTOCOL.md §2, §5):
 * <ol>
 *   <li>unknown verb: {@code 451 * :You have not registered} before registration, else
 *       {@code 421 <me> <CMD> :Unknown command};</li>
 *   <li>known verb not allowed yet: {@code 451 * :You have not registered};</li>
 *   <li>too few params: {@code 461 <me> <CMD> :Not enough parameters}.</li>
 * </ol>
 * Handlers are grouped in one class per family ({@link RegistrationCommands},
 * {@link ChannelCommands}, {@link MessageCommands}, {@link QueryCommands}, {@link ModeCommands},
 * {@link ServerInfoCommands}).
 *
 * <p>Immutable after construction and thread-safe; handlers run on the calling session's thread.
 */
public final class CommandTable {
    /** Handles one command for one client, on that client's session thread. */
    @FunctionalInterface
    public interface Handler {
        void handle(Client client, IrcMessage message, long now);
    }

    /**
     * One row of the table.
     *
     * @param verb the upper-case command
     * @param minParams fewer params → 461
     * @param beforeRegistration whether it may be used before registration completes
     * @param handler what it does
     */
    public record Command(String verb, int minParams, boolean beforeRegistration, Handler handler) {}

    private final Map<String, Command> commands;

    /** Builds the table for {@code hub}. */
    public CommandTable(Hub hub) {
        Map<String, Command> table = new HashMap<>();
        ServerInfoCommands info = new ServerInfoCommands(hub);
        new RegistrationCommands(hub, info).register(table);
        info.register(table);
        new ChannelCommands(hub).register(table);
        new MessageCommands(hub).register(table);
        new QueryCommands(hub).register(table);
        new ModeCommands(hub).register(table);
        this.commands = Map.copyOf(table);
    }

    /** The row for {@code verb} (upper case), or {@code null}. */
    public Command command(String verb) {
        return commands.get(verb);
    }

    /** Every verb known. */
    public java.util.Set<String> verbs() {
        return commands.keySet();
    }

    /** Runs the pre-checks and the handler for one parsed line. */
    public void dispatch(Client client, IrcMessage message, long now) {
        Command command = commands.get(message.verb());
        if (command == null || (!command.beforeRegistration() && !client.registered())) {
            if (!client.registered()) {
                client.reply(Numeric.ERR_NOTREGISTERED, "You have not registered");
            } else {
                client.reply(Numeric.ERR_UNKNOWNCOMMAND, message.verb(), "Unknown command");
            }
            return;
        }
        if (message.paramCount() < command.minParams()) {
            client.reply(Numeric.ERR_NEEDMOREPARAMS, command.verb(), "Not enough parameters");
            return;
        }
        command.handler().handle(client, message, now);
    }
}
