package dev.chatscale.loadtest.runner;

import static dev.chatscale.loadtest.runner.NmtSummaryTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProcFilesTest {

    @Test
    void statusGivesRssAndThreads() throws IOException {
        String status = fixture("proc_status.txt");
        assertThat(ProcFiles.rssKb(status)).isEqualTo(1728);
        assertThat(ProcFiles.threads(status)).isEqualTo(1);
        assertThat(ProcFiles.rssKb("Name: x\n")).isEqualTo(-1);
    }

    @Test
    void sockstatGivesTheTcpLine() {
        ProcFiles.SockStat s = ProcFiles.sockStat("""
                sockets: used 15
                TCP: inuse 20012 orphan 0 tw 13 alloc 20015 mem 359
                UDP: inuse 0 mem 0
                """);
        assertThat(s).isEqualTo(new ProcFiles.SockStat(20012, 13, 20015, 359));
        assertThat(ProcFiles.sockStat("")).isEqualTo(ProcFiles.SockStat.NONE);
    }

    @Test
    void serialHeapInfoSumsYoungAndOldButNotTheirSpaces() throws IOException {
        assertThat(ProcFiles.heapUsedKb(fixture("heap_info_serial.txt"))).isEqualTo(3777);
    }

    @Test
    void g1HeapInfoUsesTheHeapLineAndIgnoresMetaspace() {
        String g1 = """
                4242:
                 garbage-first heap   total reserved 1048576K, committed 1048576K, used 52100K [0x00000000c0000000, 0x0000000100000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                 Metaspace       used 7000K, committed 7300K, reserved 1114112K
                  class space    used 600K, committed 700K, reserved 1048576K
                """;
        assertThat(ProcFiles.heapUsedKb(g1)).isEqualTo(52100);
        assertThat(ProcFiles.heapUsedKb("4242:\nAttach failed\n")).isEqualTo(-1);
    }
}
