package dev.chatscale.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LineEncoderTest {

    static Stream<Arguments> minimal() {
        return Stream.of(
                Arguments.of(null, "PING", new String[] {"tok"}, "PING tok"),
                Arguments.of("srv", "001", new String[] {"me", "Welcome home"}, ":srv 001 me :Welcome home"),
                Arguments.of("n!u@h", "JOIN", new String[] {"#c"}, ":n!u@h JOIN #c"),
                Arguments.of("srv", "CAP", new String[] {"*", "LS", ""}, ":srv CAP * LS :"),
                Arguments.of("srv", "X", new String[] {"a", ":smile"}, ":srv X a ::smile"),
                Arguments.of("srv", "324", new String[] {"me", "#c", "+nt"}, ":srv 324 me #c +nt"),
                Arguments.of(null, "QUIT", new String[] {}, "QUIT"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("minimal")
    void colonOnlyWhenTheLastParamNeedsIt(String source, String verb, String[] params, String expected) {
        EncodedLine line = LineEncoder.encode(source, verb, params);
        assertThat(line.toString()).isEqualTo(expected);
        assertThat(new String(line.array(), StandardCharsets.UTF_8)).isEqualTo(expected + "\r\n");
        assertThat(line.length()).isEqualTo(line.contentLength() + 2);
    }

    @Test
    void textVariantAlwaysPutsAColonBeforeTheLastParam() {
        assertThat(LineEncoder.encodeText("a!b@c", "PRIVMSG", "#c", "hi").toString()).isEqualTo(":a!b@c PRIVMSG #c :hi");
        assertThat(LineEncoder.encodeText("a!b@c", "NICK", "new").toString()).isEqualTo(":a!b@c NICK :new");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "a\0b", "\r\n"})
    void refusesCrLfAndNul(String bad) {
        assertThatIllegalArgumentException().isThrownBy(() -> LineEncoder.encode("s", "PRIVMSG", "#c", bad));
        assertThatIllegalArgumentException().isThrownBy(() -> LineEncoder.encode("s", "PRIVMSG", bad, "x"));
        assertThatIllegalArgumentException().isThrownBy(() -> LineEncoder.encode(bad, "PRIVMSG", "x"));
        assertThatIllegalArgumentException().isThrownBy(() -> LineEncoder.raw(bad));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", ":x"})
    void refusesMiddleParamsThatCannotBeMiddleParams(String bad) {
        assertThatIllegalArgumentException().isThrownBy(() -> LineEncoder.encode("s", "V", bad, "last"));
    }

    @ParameterizedTest
    @ValueSource(strings = {":x", "@x", "", "A B"})
    void refusesVerbsThatWouldNotParseBackAsTheVerb(String bad) {
        // ":x" reads back as a source and "@x" as tags (found by ParserFuzzTest).
        assertThatIllegalArgumentException().isThrownBy(() -> LineEncoder.encode(null, bad, "y"));
        assertThatIllegalArgumentException().isThrownBy(() -> LineEncoder.encodeText("s", bad, "y"));
    }

    @Test
    void relayOfA510ByteMessageIsTruncatedTo512BytesForRecipients() {
        String text = "x".repeat(510 - "PRIVMSG #chan :".length());
        EncodedLine line = LineEncoder.encodeText("somebody!~somebody@0::1", "PRIVMSG", "#chan", text);
        assertThat(line.length()).isEqualTo(512);
        assertThat(line.toString()).startsWith(":somebody!~somebody@0::1 PRIVMSG #chan :xxx");
        assertThat(Arrays.copyOfRange(line.array(), 510, 512)).containsExactly('\r', '\n');
    }

    @Test
    void truncationNeverSplitsAUtf8Character() {
        for (int shift = 0; shift < 4; shift++) {
            String text = "a".repeat(shift) + "\ud83d\ude00".repeat(200); // 4-byte characters
            EncodedLine line = LineEncoder.encodeText("n!u@h", "PRIVMSG", "#c", text);
            assertThat(line.length()).isLessThanOrEqualTo(512);
            String decoded = line.toString();
            assertThat(decoded).doesNotContain("\uFFFD");
            byte[] reencoded = (decoded + "\r\n").getBytes(StandardCharsets.UTF_8);
            assertThat(reencoded).isEqualTo(line.array());
        }
    }

    @Test
    void shortLinesAreNotTouched() {
        String text = "\u00e9".repeat(100);
        assertThat(LineEncoder.encodeText("n!u@h", "PRIVMSG", "#c", text).toString()).endsWith(":" + text);
    }

    @Test
    void utf8LengthMatchesGetBytes() {
        for (String s : new String[] {"", "abc", "caf\u00e9", "\u2603", "\ud83d\ude00x", "\u00e9\u20ac\ud83d\ude00"}) {
            assertThat(LineEncoder.utf8Length(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
