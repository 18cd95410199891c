package dev.chatscale.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatscale.protocol.wire.CaseMapping;
import dev.chatscale.protocol.wire.EncodedLine;
import dev.chatscale.protocol.wire.IrcMessage;
import dev.chatscale.protocol.wire.IrcParser;
import dev.chatscale.protocol.wire.LineEncoder;
import dev.chatscale.protocol.wire.ParseResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of {@link IrcParser} and its inverse {@link LineEncoder} (issue 7 item 9).
 *
 * <p>{@code ./mvnw verify} replays the committed inputs under
 * {@code src/test/resources/dev/chatscale/protocol/fuzz/ParserFuzzTestInputs/<method>/}; a fuzzing
 * run is {@code JAZZER_FUZZ=1 ./mvnw test -pl protocol -Dtest='ParserFuzzTest#<method>'}.
 */
class ParserFuzzTest {

    /**
     * Any bytes as one line (what the framer or a WebSocket message hands over): the parser never
     * throws, agrees with itself at any offset and with its String entry point, flags exactly the
     * lines over 510 bytes (tags excluded), and a message it returns is well formed: an upper-case
     * verb without spaces, middle params non-empty without spaces or a leading ':', no NUL
     * anywhere, and no CR or LF unless the input had them.
     */
    @FuzzTest(maxDuration = "10m")
    void anyLineParsesToAWellFormedResult(byte[] line) {
        ParseResult result = IrcParser.parse(line, 0, line.length);

        byte[] padded = new byte[line.length + 6];
        Arrays.fill(padded, (byte) 'X');
        System.arraycopy(line, 0, padded, 3, line.length);
        assertThat(IrcParser.parse(padded, 3, line.length)).as("same line at an offset").isEqualTo(result);

        boolean inputHasCrLf = indexOf(line, '\r') >= 0 || indexOf(line, '\n') >= 0;
        int contentBytes = line.length - contentStart(line);
        switch (result) {
            case ParseResult.TooLong tooLong -> {
                assertThat(tooLong.bytes()).isEqualTo(contentBytes).isGreaterThan(IrcParser.MAX_CONTENT_BYTES);
                return;
            }
            case ParseResult.Empty _ -> assertThat(contentBytes).isLessThanOrEqualTo(IrcParser.MAX_CONTENT_BYTES);
            case IrcMessage m -> {
                assertThat(contentBytes).isLessThanOrEqualTo(IrcParser.MAX_CONTENT_BYTES);
                assertThat(m.verb()).isNotEmpty().doesNotContain(" ", "\0").isEqualTo(CaseMapping.upper(m.verb()));
                if (m.source() != null) {
                    assertThat(m.source()).doesNotContain(" ", "\0");
                }
                List<String> params = m.params();
                for (int i = 0; i < params.size(); i++) {
                    String p = params.get(i);
                    assertThat(p).doesNotContain("\0");
                    if (!inputHasCrLf) {
                        assertThat(p).doesNotContain("\r", "\n");
                    }
                    if (i < params.size() - 1) {
                        assertThat(p).isNotEmpty().doesNotContain(" ").doesNotStartWith(":");
                    }
                }
            }
        }
        assertThat(IrcParser.parse(new String(line, StandardCharsets.UTF_8)))
                .as("String entry point").isEqualTo(result);
    }

    /**
     * A message built from fuzzed fields (lines of the input: mode, source, verb, params...) is
     * either refused by the encoder with {@link IllegalArgumentException}, exactly when it breaks
     * the encoder's documented rules, or encoded as a well-formed line (at most 512 bytes, CRLF, no
     * CR/LF/NUL inside) that parses back to the same source, verb (upper-cased) and params; a line
     * over 512 bytes keeps its middle params and a prefix of its last one (cut at a UTF-8 boundary).
     */
    @FuzzTest(maxDuration = "10m")
    void encodedMessagesParseBackToTheSameMessage(byte[] data) {
        String[] fields = new String(data, StandardCharsets.UTF_8).split("\n", -1);
        if (fields.length < 3) {
            return;
        }
        boolean text = fields[0].startsWith("t");
        String source = fields[1].isEmpty() ? null : fields[1];
        String verb = fields[2];
        String[] params = Arrays.copyOfRange(fields, 3, fields.length);
        boolean valid = encodable(source, verb, params);

        EncodedLine line;
        try {
            line = text ? LineEncoder.encodeText(source, verb, params) : LineEncoder.encode(source, verb, params);
        } catch (IllegalArgumentException e) {
            assertThat(valid).as("refused a valid message: " + e.getMessage()).isFalse();
            return;
        }
        assertThat(valid).as("accepted an unencodable message").isTrue();
        byte[] b = line.array();
        assertThat(b.length).isLessThanOrEqualTo(LineEncoder.MAX_LINE_BYTES).isEqualTo(line.length());
        assertThat(b[b.length - 2]).isEqualTo((byte) '\r');
        assertThat(b[b.length - 1]).isEqualTo((byte) '\n');
        byte[] content = Arrays.copyOf(b, line.contentLength());
        assertThat(indexOf(content, '\r')).isNegative();
        assertThat(indexOf(content, '\n')).isNegative();
        assertThat(indexOf(content, '\0')).isNegative();

        ParseResult parsed = IrcParser.parse(b, 0, line.contentLength());
        List<String> expected = new ArrayList<>();
        for (String p : params) {
            expected.add(utf8RoundTrip(p));
        }
        int last = params.length - 1;
        boolean colon = last >= 0 && (text || params[last].isEmpty() || params[last].indexOf(' ') >= 0
                || params[last].charAt(0) == ':');
        int head = (source == null ? 0 : 2 + utf8(source)) + utf8(verb);
        for (int i = 0; i < last; i++) {
            head += 1 + utf8(params[i]);
        }
        if (last >= 0) {
            head += 1 + (colon ? 1 : 0);
        }
        int full = head + (last >= 0 ? utf8(params[last]) : 0);
        if (full <= IrcParser.MAX_CONTENT_BYTES) {
            assertThat(line.contentLength()).isEqualTo(full);
            assertThat(parsed).isEqualTo(new IrcMessage(null, source == null ? null : utf8RoundTrip(source),
                    CaseMapping.upper(utf8RoundTrip(verb)), expected));
        } else if (last >= 0 && head + 4 <= IrcParser.MAX_CONTENT_BYTES) {
            // Truncated inside the last param: everything before it survives, the text is cut.
            assertThat(line.contentLength()).isGreaterThan(IrcParser.MAX_CONTENT_BYTES - 4);
            assertThat(parsed).isInstanceOf(IrcMessage.class);
            IrcMessage m = (IrcMessage) parsed;
            assertThat(m.verb()).isEqualTo(CaseMapping.upper(utf8RoundTrip(verb)));
            assertThat(m.params()).hasSize(params.length);
            assertThat(m.params().subList(0, last)).isEqualTo(expected.subList(0, last));
            assertThat(expected.get(last)).startsWith(m.params().get(last));
            assertThat(m.params().get(last)).isNotEmpty();
        }
    }

    /** The encoder's contract, restated: what it must accept. */
    private static boolean encodable(String source, String verb, String[] params) {
        if (source != null && !token(source)) {
            return false;
        }
        if (!token(verb) || verb.charAt(0) == ':' || verb.charAt(0) == '@') {
            return false;
        }
        for (int i = 0; i < params.length - 1; i++) {
            if (!token(params[i]) || params[i].charAt(0) == ':') {
                return false;
            }
        }
        return params.length == 0 || clean(params[params.length - 1]);
    }

    private static boolean token(String s) {
        return !s.isEmpty() && s.indexOf(' ') < 0 && clean(s);
    }

    private static boolean clean(String s) {
        return s.indexOf('\r') < 0 && s.indexOf('\n') < 0 && s.indexOf('\0') < 0;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** What the peer sees: the string as UTF-8 (a lone surrogate becomes '?'), decoded again. */
    private static String utf8RoundTrip(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /** Offset of the line's content after leading spaces and an {@code @tags} word, as the parser counts. */
    private static int contentStart(byte[] b) {
        int i = 0;
        while (i < b.length && b[i] == ' ') {
            i++;
        }
        if (i < b.length && b[i] == '@') {
            while (i < b.length && b[i] != ' ') {
                i++;
            }
            while (i < b.length && b[i] == ' ') {
                i++;
            }
        }
        return i;
    }

    private static int indexOf(byte[] b, char c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
