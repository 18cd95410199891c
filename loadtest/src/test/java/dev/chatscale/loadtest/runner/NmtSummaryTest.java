package dev.chatscale.loadtest.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NmtSummaryTest {
    static String fixture(String name) throws IOException {
        try (InputStream in = NmtSummaryTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void realJdk25SummaryParsesTotalsCategoriesAndThreadStacks() throws IOException {
        NmtSummary n = NmtSummary.parse(fixture("nmt_summary.txt"));
        assertThat(n.totalCommittedKb()).isEqualTo(111263);
        assertThat(n.committed("Java Heap")).isEqualTo(65536);
        assertThat(n.committed("Thread")).isEqualTo(889);
        assertThat(n.committed("Shared class space")).isEqualTo(13908);
        assertThat(n.threads()).isEqualTo(13);
        assertThat(n.stackCommittedKb()).isEqualTo(844);
        assertThat(n.committed("no such category")).isZero();
    }

    @Test
    void outputWithoutNmtIsNone() {
        assertThat(NmtSummary.parse("12345:\nNative memory tracking is not enabled\n")).isEqualTo(NmtSummary.NONE);
    }

    @Test
    void jsonRoundTrip() throws IOException {
        NmtSummary n = NmtSummary.parse(fixture("nmt_summary.txt"));
        assertThat(NmtSummary.fromJson(n.toJson())).isEqualTo(n);
    }
}
