package dev.chatscale.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class CaseMappingTest {

    @Test
    void foldsOnlyAsciiLetters() {
        assertThat(CaseMapping.fold("NiCk[]\\~^{}|")).isEqualTo("nick[]\\~^{}|");
        assertThat(CaseMapping.fold("\u00c9T\u00c9")).isEqualTo("\u00c9t\u00c9");
    }

    @Test
    void unchangedStringsAreReturnedAsIs() {
        String s = "already-lower";
        assertThat(CaseMapping.fold(s)).isSameAs(s);
    }

    @Test
    void isNotAffectedByTheTurkishLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(CaseMapping.fold("INFO")).isEqualTo("info");
            assertThat(CaseMapping.upper("join")).isEqualTo("JOIN");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void equalsFoldedComparesAsciiCaseInsensitively() {
        assertThat(CaseMapping.equalsFolded("Alice", "aLICE")).isTrue();
        assertThat(CaseMapping.equalsFolded("a[", "A{")).as("no rfc1459 folding").isFalse();
        assertThat(CaseMapping.equalsFolded("a", "ab")).isFalse();
    }
}
