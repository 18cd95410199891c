package dev.chatscale.testkit.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One IRC line as received (or as a test expects it), split into source, verb and parameters.
 *
 * <p>The parser is deliberately strict about spacing so that tests notice a server breaking the
 * "one space between params" rule: a double space yields an empty middle parameter, which never
 * equals what a test expects. A last parameter written {@code :text} or {@code text} parses the
 * same, so {@link #sameMessage} compares meaning, not the optional colon. Immutable value.
 *
 * @param raw the line exactly as received, without CR/LF
 * @param source the prefix without its {@code :}, or {@code null} if the line has none
 * @param verb the command or numeric as written
 * @param params every parameter, the trailing one without its {@code :}
 */
public record IrcLine(String raw, String source, String verb, List<String> params) {

    public IrcLine {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(verb, "verb");
        params = List.copyOf(params);
    }

    /** Parses {@code line} (no CR/LF); message tags ({@code @...}) are skipped. Never throws on odd input. */
    public static IrcLine parse(String line) {
        int i = 0;
        int n = line.length();
        if (i < n && line.charAt(i) == '@') {
            i = skipWord(line, i);
        }
        String source = null;
        if (i < n && line.charAt(i) == ':') {
            int end = wordEnd(line, i);
            source = line.substring(i + 1, end);
            i = Math.min(end + 1, n);
        }
        int verbEnd = wordEnd(line, i);
        String verb = line.substring(i, verbEnd);
        i = verbEnd;
        List<String> params = new ArrayList<>();
        while (i < n) {
            i++; // exactly one separator space; another space starts an empty parameter
            if (i < n && line.charAt(i) == ':') {
                params.add(line.substring(i + 1));
                break;
            }
            int end = wordEnd(line, i);
            params.add(line.substring(i, end));
            i = end;
        }
        return new IrcLine(line, source, verb, params);
    }

    private static int wordEnd(String line, int from) {
        int sp = line.indexOf(' ', from);
        return sp < 0 ? line.length() : sp;
    }

    private static int skipWord(String line, int from) {
        int end = wordEnd(line, from);
        return Math.min(end + 1, line.length());
    }

    /** Whether this line says the same as {@code other}: equal source, verb and parameters. */
    public boolean sameMessage(IrcLine other) {
        return Objects.equals(source, other.source) && verb.equals(other.verb) && params.equals(other.params);
    }

    /** The last parameter, or the empty string when there is none. */
    public String last() {
        return params.isEmpty() ? "" : params.getLast();
    }

    /** Parameter {@code i}, or {@code null} when there are fewer. */
    public String param(int i) {
        return i < params.size() ? params.get(i) : null;
    }

    /** Whether the verb is a three-digit numeric reply equal to {@code code}. */
    public boolean isNumeric(String code) {
        return verb.equals(code);
    }

    /** Whether the verb is an error numeric (400-599). */
    public boolean isErrorNumeric() {
        return verb.length() == 3 && (verb.charAt(0) == '4' || verb.charAt(0) == '5')
                && Character.isDigit(verb.charAt(1)) && Character.isDigit(verb.charAt(2));
    }

    /** The nick of a {@code nick!user@host} source, or the whole source, or {@code null}. */
    public String sourceNick() {
        if (source == null) {
            return null;
        }
        int bang = source.indexOf('!');
        return bang < 0 ? source : source.substring(0, bang);
    }

    @Override
    public String toString() {
        return raw;
    }
}
