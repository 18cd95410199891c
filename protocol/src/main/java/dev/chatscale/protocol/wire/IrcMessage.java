package dev.chatscale.protocol.wire;

import java.util.List;
import java.util.Objects;

/**
 * One parsed client line: {@code [@tags ][:source ]VERB params...}.
 *
 * <p>The verb is upper-cased (ASCII); the params keep their spelling, the last one may contain
 * spaces (it came after {@code " :"}). A client's tags and source are kept for completeness but the
 * server ignores them (PROTOCOL.md §1). Immutable and thread-safe.
 *
 * @param tags the raw tag section without its {@code @}, or {@code null}
 * @param source the client-sent source without its {@code :}, or {@code null}
 * @param verb the command, upper case, never empty
 * @param params the parameters, possibly empty
 */
public record IrcMessage(String tags, String source, String verb, List<String> params) implements ParseResult {
    public IrcMessage {
        Objects.requireNonNull(verb, "verb");
        if (verb.isEmpty()) {
            throw new IllegalArgumentException("empty verb");
        }
        params = List.copyOf(params);
    }

    /** A message with no tags and no source. */
    public static IrcMessage of(String verb, String... params) {
        return new IrcMessage(null, null, verb, List.of(params));
    }

    /** Number of parameters. */
    public int paramCount() {
        return params.size();
    }

    /** Parameter {@code i} (0-based). */
    public String param(int i) {
        return params.get(i);
    }

    /** Parameter {@code i}, or {@code fallback} when there are not that many. */
    public String paramOr(int i, String fallback) {
        return i < params.size() ? params.get(i) : fallback;
    }

    /** The last parameter, or {@code null} if there are none. */
    public String lastParam() {
        return params.isEmpty() ? null : params.get(params.size() - 1);
    }
}
