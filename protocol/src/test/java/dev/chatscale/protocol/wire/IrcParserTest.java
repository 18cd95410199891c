package dev.chatscale.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IrcParserTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("NICK alice", "NICK", List.of("alice")),
                Arguments.of("privmsg #c :hello world", "PRIVMSG", List.of("#c", "hello world")),
                Arguments.of("PRIVMSG #c ::-) smile", "PRIVMSG", List.of("#c", ":-) smile")),
                Arguments.of("PRIVMSG #c :", "PRIVMSG", List.of("#c", "")),
                Arguments.of("   USER   u  0   *   :Real   Name  ", "USER", List.of("u", "0", "*", "Real   Name  ")),
                Arguments.of(":nick!u@h PRIVMSG bob :hi", "PRIVMSG", List.of("bob", "hi")),
                Arguments.of("@time=2025-01-01T00:00:00Z;+x=y :src JOIN #a", "JOIN", List.of("#a")),
                Arguments.of("@a=b PING tok", "PING", List.of("tok")),
                Arguments.of("CAP LS 302", "CAP", List.of("LS", "302")),
                Arguments.of("JOIN :", "JOIN", List.of("")),
                Arguments.of("QUIT", "QUIT", List.of()),
                Arguments.of("Quit ", "QUIT", List.of()),
                Arguments.of("JoIn #a,#b key1,key2", "JOIN", List.of("#a,#b", "key1,key2")),
                Arguments.of("PRIVMSG a b c d", "PRIVMSG", List.of("a", "b", "c", "d")),
                Arguments.of("PRIVMSG #c :caf\u00e9 \u2603 \ud83d\ude00", "PRIVMSG", List.of("#c", "caf\u00e9 \u2603 \ud83d\ude00")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void parsesLines(String line, String verb, List<String> params) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        ParseResult r = IrcParser.parse(b, 0, b.length);
        assertThat(r).isInstanceOf(IrcMessage.class);
        IrcMessage m = (IrcMessage) r;
        assertThat(m.verb()).isEqualTo(verb);
        assertThat(m.params()).isEqualTo(params);
        assertThat(IrcParser.parse(line)).isEqualTo(r);
    }

    @Test
    void keepsClientTagsAndSourceButTheyDoNotChangeTheCommand() {
        IrcMessage m = (IrcMessage) IrcParser.parse("@k=v :me!u@h nick x");
        assertThat(m.tags()).isEqualTo("k=v");
        assertThat(m.source()).isEqualTo("me!u@h");
        assertThat(m.verb()).isEqualTo("NICK");
    }

    @ParameterizedTest
    @MethodSource("emptyLines")
    void emptyOrVerblessLinesAreEmpty(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        assertThat(IrcParser.parse(b, 0, b.length)).isSameAs(ParseResult.EMPTY);
    }

    static Stream<String> emptyLines() {
        return Stream.of("", "   ", "@tag=1", "@tag=1   ", ":source", ":source   ", "@t :s ");
    }

    @Test
    void invalidUtf8IsReplacedNotThrown() {
        byte[] b = {'P', 'R', 'I', 'V', 'M', 'S', 'G', ' ', '#', 'c', ' ', ':', (byte) 0xff, (byte) 0xc3, 'x'};
        IrcMessage m = (IrcMessage) IrcParser.parse(b, 0, b.length);
        assertThat(m.param(1)).isEqualTo("\uFFFD\uFFFDx");
    }

    @Test
    void nulInsideALineBecomesTheReplacementCharacter() {
        byte[] b = "PRIVMSG #c :a\0b".getBytes(StandardCharsets.UTF_8);
        IrcMessage m = (IrcMessage) IrcParser.parse(b, 0, b.length);
        assertThat(m.param(1)).isEqualTo("a\uFFFDb");
    }

    @Test
    void lineOf510BytesIsAcceptedAnd511IsTooLong() {
        String ok = "PRIVMSG #c :" + "x".repeat(510 - 12);
        byte[] b = ok.getBytes(StandardCharsets.UTF_8);
        assertThat(b).hasSize(510);
        assertThat(IrcParser.parse(b, 0, b.length)).isInstanceOf(IrcMessage.class);
        byte[] tooLong = (ok + "y").getBytes(StandardCharsets.UTF_8);
        assertThat(IrcParser.parse(tooLong, 0, tooLong.length)).isEqualTo(new ParseResult.TooLong(511));
    }

    @Test
    void tagsDoNotCountTowardsTheLimit() {
        String line = "@" + "t".repeat(600) + " PRIVMSG #c :" + "x".repeat(510 - 12);
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        assertThat(IrcParser.parse(b, 0, b.length)).isInstanceOf(IrcMessage.class);
    }

    @Test
    void parsesASliceOfALargerBuffer() {
        byte[] b = "xxNICK aliceyy".getBytes(StandardCharsets.UTF_8);
        assertThat(IrcParser.parse(b, 2, 10)).isEqualTo(IrcMessage.of("NICK", "alice"));
    }

    @Test
    void neverThrowsOnRandomBytes() {
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            byte[] b = new byte[random.nextInt(600)];
            random.nextBytes(b);
            ParseResult r = IrcParser.parse(b, 0, b.length);
            assertThat(r).isNotNull();
            if (r instanceof IrcMessage m) {
                assertThat(m.verb()).isNotEmpty().doesNotContain(" ");
                assertThat(m.params()).allSatisfy(p -> assertThat(p).doesNotContain("\0"));
                assertThat(Arrays.asList(m.verb().split(""))).doesNotContain("\0");
            }
        }
    }
}
