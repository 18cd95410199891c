package dev.chatscale.loadtest.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MachineInfoTest {

    @Test
    void procFilesAreReadToTheEndDespiteTheirReportedSize() throws Exception {
        Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
        if (Files.exists(somaxconn)) {
            String viaStream = ProcFiles.read(somaxconn).trim();
            assertThat(viaStream).matches("\\d+");
            assertThat(Integer.parseInt(viaStream)).isGreaterThanOrEqualTo(128);
        }
    }

    @Test
    void memTotalAndOpenFilesAreParsed() {
        assertThat(MachineInfo.memTotalKb("MemTotal:       24687456 kB\nMemFree: 1 kB\n")).isEqualTo(24687456);
        assertThat(MachineInfo.openFilesLimit("Max cpu time  unlimited unlimited seconds\n"
                + "Max open files            20000                20000                files\n"))
                .isEqualTo("20000 soft / 20000 hard");
    }
}
