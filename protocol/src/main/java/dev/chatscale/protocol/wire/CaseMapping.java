package dev.chatscale.protocol.wire;

/**
 * The one case fold of the server: {@code CASEMAPPING=ascii} (PROTOCOL.md §6). Only A-Z and a-z are
 * equivalent; {@code []\~} and {@code {}|^} are distinct (the rfc1459 folding is legacy). Used for
 * nick uniqueness, channel lookup and target resolution; the original spelling is kept for display.
 *
 * <p>Hand-written so that no locale can change it ({@code toLowerCase()} without {@code Locale.ROOT}
 * folds {@code I} to a dotless i in Turkish). Stateless and thread-safe.
 */
public final class CaseMapping {
    private CaseMapping() {}

    /** {@code s} with A-Z folded to a-z; returns {@code s} itself when nothing changes. */
    public static String fold(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                break;
            }
            i++;
        }
        if (i == n) {
            return s;
        }
        char[] out = s.toCharArray();
        for (; i < n; i++) {
            char c = out[i];
            if (c >= 'A' && c <= 'Z') {
                out[i] = (char) (c + ('a' - 'A'));
            }
        }
        return new String(out);
    }

    /** Whether two names are the same under ASCII case folding. */
    public static boolean equalsFolded(String a, String b) {
        int n = a.length();
        if (n != b.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (foldChar(a.charAt(i)) != foldChar(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} with a-z raised to A-Z (used for command verbs). */
    public static String upper(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                break;
            }
            i++;
        }
        if (i == n) {
            return s;
        }
        char[] out = s.toCharArray();
        for (; i < n; i++) {
            char c = out[i];
            if (c >= 'a' && c <= 'z') {
                out[i] = (char) (c - ('a' - 'A'));
            }
        }
        return new String(out);
    }

    private static char foldChar(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
