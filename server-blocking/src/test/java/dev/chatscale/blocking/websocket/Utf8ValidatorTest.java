package dev.chatscale.blocking.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written check must agree with the JDK's strict decoder (CodingErrorAction.REPORT). */
class Utf8ValidatorTest {
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private boolean jdkAccepts(byte[] b) {
        try {
            strict.decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean whole(byte[] b) {
        return Utf8Validator.validate(Utf8Validator.ACCEPT, b, 0, b.length) == Utf8Validator.ACCEPT;
    }

    /** Same verdict when the input is fed in two pieces split at {@code cut}. */
    private static boolean split(byte[] b, int cut) {
        int s = Utf8Validator.validate(Utf8Validator.ACCEPT, b, 0, cut);
        if (s == Utf8Validator.REJECT) {
            return false;
        }
        return Utf8Validator.validate(s, b, cut, b.length - cut) == Utf8Validator.ACCEPT;
    }

    @Test
    void agreesWithTheJdkOnEverySequenceOfUpToTwoBytes() {
        for (int a = 0; a < 256; a++) {
            assertThat(whole(new byte[] {(byte) a})).as("%02X", a).isEqualTo(jdkAccepts(new byte[] {(byte) a}));
            for (int b = 0; b < 256; b++) {
                byte[] s = {(byte) a, (byte) b};
                boolean expected = jdkAccepts(s);
                assertThat(whole(s)).as("%02X %02X", a, b).isEqualTo(expected);
                assertThat(split(s, 1)).as("%02X | %02X", a, b).isEqualTo(expected);
            }
        }
    }

    @Test
    void agreesWithTheJdkOnThreeByteSequencesForEveryLeadAndSecondByte() {
        int[] thirds = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xE2, 0xFF};
        for (int a = 0xC0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : thirds) {
                    byte[] s = {(byte) a, (byte) b, (byte) c};
                    boolean expected = jdkAccepts(s);
                    if (whole(s) != expected || split(s, 2) != expected) {
                        throw new AssertionError(String.format("%02X %02X %02X: jdk=%s", a, b, c, expected));
                    }
                }
            }
        }
    }

    @Test
    void agreesWithTheJdkOnFourByteSequencesAroundEveryBoundary() {
        int[] edges = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
        for (int a = 0xE0; a < 256; a++) {
            for (int b : edges) {
                for (int c : edges) {
                    for (int d : edges) {
                        byte[] s = {(byte) a, (byte) b, (byte) c, (byte) d};
                        boolean expected = jdkAccepts(s);
                        for (int cut = 0; cut <= 4; cut++) {
                            assertThat(split(s, cut)).as("%02X %02X %02X %02X cut %d", a, b, c, d, cut)
                                    .isEqualTo(expected);
                        }
                    }
                }
            }
        }
    }

    @Test
    void agreesWithTheJdkOnRandomTextSplitAnywhere() {
        SplittableRandom random = new SplittableRandom(6455);
        for (int round = 0; round < 20_000; round++) {
            byte[] s = random.nextInt(4) == 0 ? randomBytes(random) : randomText(random);
            boolean expected = jdkAccepts(s);
            assertThat(whole(s)).isEqualTo(expected);
            int cut = random.nextInt(s.length + 1);
            assertThat(split(s, cut)).isEqualTo(expected);
        }
    }

    @Test
    void knowsTheClassicInvalidForms() {
        assertThat(whole(new byte[] {(byte) 0xC0, (byte) 0x80})).as("overlong NUL").isFalse();
        assertThat(whole(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).as("surrogate").isFalse();
        assertThat(whole(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})).as("> U+10FFFF").isFalse();
        assertThat(whole(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98})).as("truncated emoji").isFalse();
        assertThat(whole("plain ASCII, é, €, 😀".getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] b = new byte[random.nextInt(12)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private static byte[] randomText(SplittableRandom random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(10);
        for (int i = 0; i < n; i++) {
            int cp;
            do {
                cp = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(0x80);
                    case 1 -> random.nextInt(0x80, 0x800);
                    case 2 -> random.nextInt(0x800, 0x10000);
                    default -> random.nextInt(0x10000, 0x110000);
                };
            } while (cp >= 0xD800 && cp <= 0xDFFF);
            sb.appendCodePoint(cp);
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (b.length > 0 && random.nextInt(3) == 0) { // corrupt one byte
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        return b;
    }
}
