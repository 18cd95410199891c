package dev.chatscale.protocol.command;

import dev.chatscale.protocol.state.Hub;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Base of the handler families: access to the hub and helpers to register rows and split lists.
 * Stateless apart from the hub reference; thread-safe.
 */
abstract class CommandFamily {
    protected final Hub hub;

    CommandFamily(Hub hub) {
        this.hub = hub;
    }

    /** Adds this family's rows to the table. */
    abstract void register(Map<String, CommandTable.Command> table);

    static void add(Map<String, CommandTable.Command> table, String verb, int minParams, boolean beforeRegistration,
            CommandTable.Handler handler) {
        if (table.put(verb, new CommandTable.Command(verb, minParams, beforeRegistration, handler)) != null) {
            throw new IllegalStateException("duplicate verb " + verb);
        }
    }

    /** The server name, source of every numeric. */
    protected String server() {
        return hub.config().serverName();
    }

    /** Splits {@code a,b,,c} into non-empty items. */
    static List<String> commaList(String s) {
        List<String> out = new ArrayList<>(2);
        int start = 0;
        while (start <= s.length()) {
            int comma = s.indexOf(',', start);
            int end = comma < 0 ? s.length() : comma;
            if (end > start) {
                out.add(s.substring(start, end));
            }
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return out;
    }

    /** Whether {@code s} is usable as a middle parameter (non-empty, no space, no leading ':'). */
    static boolean isToken(String s) {
        return !s.isEmpty() && s.indexOf(' ') < 0 && s.charAt(0) != ':';
    }
}
