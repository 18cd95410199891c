package dev.chatscale.protocol.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds outgoing lines: {@code [:source ]VERB p1 p2 ... [:]last} + CRLF, UTF-8.
 *
 * <p>Rules (PROTOCOL.md §1): always CRLF; one space between params; a {@code :} before a last param
 * that is empty, contains a space or starts with {@code :}. CR, LF and NUL anywhere are refused with
 * {@link IllegalArgumentException}, as is a verb that starts with {@code :} or {@code @}, and a middle
 * param that is empty, contains a space or starts with {@code :} (programming errors: peer input
 * never carries these). Every line is at most 512
 * bytes with CRLF: a longer one has its last param truncated at a UTF-8 character boundary ("a
 * 510-byte PRIVMSG becomes too long for the recipients: truncate the text"); if the middle params
 * alone are too long the line is cut at a character boundary.
 *
 * <p>Stateless and thread-safe.
 */
public final class LineEncoder {
    /** Longest line in bytes including CRLF. */
    public static final int MAX_LINE_BYTES = 512;
    private static final int MAX_CONTENT = MAX_LINE_BYTES - 2;

    private LineEncoder() {}

    /**
     * Encodes one line.
     *
     * @param source the prefix without {@code :} (server name or {@code nick!user@host}), or {@code null}
     * @param verb the command or three-digit numeric
     * @param params parameters; only the last may be empty, contain spaces or start with {@code :}
     */
    public static EncodedLine encode(String source, String verb, String... params) {
        return encode(false, source, verb, params);
    }

    /**
     * Like {@link #encode} but always puts {@code :} before the last param, as servers do for text
     * (PRIVMSG, QUIT, NICK, numerics' messages): {@code :n!u@h PRIVMSG #c :hi}.
     */
    public static EncodedLine encodeText(String source, String verb, String... params) {
        return encode(true, source, verb, params);
    }

    private static EncodedLine encode(boolean colon, String source, String verb, String... params) {
        int estimate = 16 + verb.length() + (source == null ? 0 : source.length());
        for (String p : params) {
            estimate += p.length() + 2;
        }
        StringBuilder sb = new StringBuilder(estimate);
        if (source != null) {
            checkToken(source, "source");
            sb.append(':').append(source).append(' ');
        }
        checkToken(verb, "verb");
        if (verb.charAt(0) == ':' || verb.charAt(0) == '@') {
            // ":x" would be read as a source and "@x" (first on the line) as tags: the line would not
            // parse back to this verb.
            throw new IllegalArgumentException("a verb must not start with ':' or '@': " + verb);
        }
        sb.append(verb);
        int last = params.length - 1;
        for (int i = 0; i < last; i++) {
            String p = params[i];
            checkToken(p, "middle param");
            if (p.charAt(0) == ':') {
                throw new IllegalArgumentException("a middle param must not start with ':': " + p);
            }
            sb.append(' ').append(p);
        }
        if (last >= 0) {
            String p = params[last];
            checkText(p);
            sb.append(' ');
            if (colon || p.isEmpty() || p.indexOf(' ') >= 0 || p.charAt(0) == ':') {
                sb.append(':');
            }
            sb.append(p);
        }
        return finish(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Encodes an already formatted line (no CR/LF/NUL), truncating it to 510 bytes if needed. */
    public static EncodedLine raw(String line) {
        checkText(line);
        return finish(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes {@code s} takes in UTF-8. */
    public static int utf8Length(String s) {
        int n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3; // BMP char, or a lone surrogate that getBytes replaces with '?': 3 is an upper bound
            }
        }
        return n;
    }

    /** Largest {@code k <= max} such that {@code bytes[0..k)} ends on a UTF-8 character boundary. */
    public static int utf8Boundary(byte[] bytes, int max) {
        if (max >= bytes.length) {
            return bytes.length;
        }
        int k = max;
        // bytes[k] is the first byte cut off; back up while it is a continuation byte (10xxxxxx).
        while (k > 0 && (bytes[k] & 0xC0) == 0x80) {
            k--;
        }
        return k;
    }

    private static EncodedLine finish(byte[] body) {
        int n = body.length <= MAX_CONTENT ? body.length : utf8Boundary(body, MAX_CONTENT);
        byte[] out = Arrays.copyOf(body, n + 2);
        out[n] = '\r';
        out[n + 1] = '\n';
        return EncodedLine.wrap(out);
    }

    private static void checkToken(String s, String what) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty " + what);
        }
        if (s.indexOf(' ') >= 0) {
            throw new IllegalArgumentException(what + " contains a space: " + s);
        }
        checkText(s);
    }

    private static void checkText(String s) {
        // indexOf is a vectorised intrinsic: three scans beat one charAt loop on long texts.
        if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("CR, LF and NUL are not allowed in a line");
        }
    }
}
