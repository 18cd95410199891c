package dev.chatscale.blocking.websocket;

/**
 * Strict, allocation-free, incremental UTF-8 well-formedness check (Unicode 15, Table 3-7): no
 * overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF. It accepts exactly what
 * a {@link java.nio.charset.CharsetDecoder} for UTF-8 with {@code CodingErrorAction.REPORT}
 * accepts (the tests check that), without a decoder or a char buffer per message.
 *
 * <p>The state is an int, so a text message can be checked fragment by fragment: a code point
 * split across two fragments is fine, an invalid sequence is caught in the fragment where it
 * becomes invalid (RFC 6455 §8.1 "fail fast").
 *
 * <p>Stateless utility; thread-safe.
 */
final class Utf8Validator {
    /** State at a code point boundary: start of input, or a complete valid message. */
    static final int ACCEPT = 0;
    /** The bytes seen so far can never be valid UTF-8. */
    static final int REJECT = -1;

    private Utf8Validator() {}

    /**
     * Continues checking from {@code state} over {@code len} bytes of {@code b}.
     *
     * @return {@link #REJECT}, {@link #ACCEPT} (at a boundary), or an opaque positive state for a
     *     code point that continues in the next bytes; a message is valid iff the final state is
     *     {@link #ACCEPT}
     */
    static int validate(int state, byte[] b, int off, int len) {
        // state = (continuation bytes still needed << 16) | (lowest allowed next byte << 8) | highest
        int need = state >>> 16;
        int lo = (state >>> 8) & 0xFF;
        int hi = state & 0xFF;
        for (int i = off, end = off + len; i < end; i++) {
            int c = b[i] & 0xFF;
            if (need == 0) {
                if (c < 0x80) {
                    continue;
                }
                if (c < 0xC2) { // stray continuation byte, or C0/C1 (overlong 2-byte form)
                    return REJECT;
                } else if (c < 0xE0) {
                    need = 1;
                    lo = 0x80;
                    hi = 0xBF;
                } else if (c < 0xF0) {
                    need = 2;
                    lo = c == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
                    hi = c == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
                } else if (c < 0xF5) {
                    need = 3;
                    lo = c == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
                    hi = c == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be above U+10FFFF
                } else {
                    return REJECT;
                }
            } else {
                if (c < lo || c > hi) {
                    return REJECT;
                }
                need--;
                lo = 0x80;
                hi = 0xBF;
            }
        }
        return need == 0 ? ACCEPT : (need << 16) | (lo << 8) | hi;
    }
}
