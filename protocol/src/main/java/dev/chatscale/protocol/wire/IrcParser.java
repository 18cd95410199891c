package dev.chatscale.protocol.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one line (terminator already removed) into an {@link IrcMessage} or a typed result.
 *
 * <p>Rules (PROTOCOL.md §1): {@code [@tags ][:source ]COMMAND params...}; runs of spaces collapse; a
 * param starting with {@code :} is the last one and keeps its spaces; the verb is matched
 * case-insensitively (upper-cased here); a client's {@code :source} and {@code @tags} are ignored.
 * Bytes are decoded as UTF-8 with replacement and NUL becomes U+FFFD, so bad input never throws.
 * A line longer than 510 bytes (512 with CRLF), tags excluded, is {@link ParseResult.TooLong}.
 *
 * <p>Stateless and thread-safe.
 */
public final class IrcParser {
    /** Longest line content accepted, without the CRLF: 512 - 2. */
    public static final int MAX_CONTENT_BYTES = 510;

    private IrcParser() {}

    /** Parses {@code len} bytes at {@code off}; never throws on any byte content. */
    public static ParseResult parse(byte[] buf, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && buf[i] == ' ') {
            i++;
        }
        String tags = null;
        if (i < end && buf[i] == '@') {
            int tagEnd = i;
            while (tagEnd < end && buf[tagEnd] != ' ') {
                tagEnd++;
            }
            tags = decode(buf, i + 1, tagEnd - i - 1);
            i = tagEnd;
            while (i < end && buf[i] == ' ') {
                i++;
            }
        }
        // "Limit: 512 bytes including CRLF (tags excluded)."
        int contentBytes = end - i;
        if (contentBytes > MAX_CONTENT_BYTES) {
            return new ParseResult.TooLong(contentBytes);
        }
        if (contentBytes == 0) {
            return ParseResult.EMPTY;
        }
        return parse(tags, decode(buf, i, contentBytes));
    }

    /** Parses a line already decoded (no terminator, no length check). */
    public static ParseResult parse(String line) {
        int i = skipSpaces(line, 0);
        String tags = null;
        if (i < line.length() && line.charAt(i) == '@') {
            int tagEnd = tokenEnd(line, i);
            tags = line.substring(i + 1, tagEnd);
            i = tagEnd;
        }
        return parse(tags, i == 0 ? line : line.substring(i));
    }

    private static ParseResult parse(String tags, String s) {
        if (s.indexOf('\0') >= 0) {
            s = s.replace('\0', '\uFFFD');
        }
        int n = s.length();
        int i = skipSpaces(s, 0);
        String source = null;
        if (i < n && s.charAt(i) == ':') {
            int e = tokenEnd(s, i);
            source = s.substring(i + 1, e);
            i = skipSpaces(s, e);
        }
        if (i >= n) {
            return ParseResult.EMPTY;
        }
        int verbEnd = tokenEnd(s, i);
        String verb = CaseMapping.upper(s.substring(i, verbEnd));
        List<String> params = new ArrayList<>(4);
        i = skipSpaces(s, verbEnd);
        while (i < n) {
            if (s.charAt(i) == ':') {
                params.add(s.substring(i + 1));
                break;
            }
            int e = tokenEnd(s, i);
            params.add(s.substring(i, e));
            i = skipSpaces(s, e);
        }
        return new IrcMessage(tags, source, verb, params);
    }

    private static int skipSpaces(String s, int i) {
        int n = s.length();
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int tokenEnd(String s, int i) {
        int e = s.indexOf(' ', i);
        return e < 0 ? s.length() : e;
    }

    private static String decode(byte[] buf, int off, int len) {
        // new String(..., UTF_8) replaces malformed input with U+FFFD; it never throws.
        return new String(buf, off, len, StandardCharsets.UTF_8);
    }
}
