package dev.chatscale.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFileTest {

    @Test
    void missingFileReadsAsEmpty(@TempDir Path dir) {
        assertThat(new StatusFile(dir.resolve("none")).read()).isEmpty();
    }

    @Test
    void writeReplacesTheWholeContent(@TempDir Path dir) {
        StatusFile f = new StatusFile(dir.resolve("sub/status"));
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("phase", "setup");
        first.put("joined", 12);
        f.write(first);
        f.write(Map.of("phase", "probing"));
        assertThat(f.read()).containsExactly(Map.entry("phase", "probing"));
        assertThat(dir.resolve("sub/status.tmp")).doesNotExist();
    }
}
