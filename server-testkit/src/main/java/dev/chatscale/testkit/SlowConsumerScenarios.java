package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PROTOCOL.md §10 and DESIGN.md (SendQ): a reader that stops reading is dropped with
 * {@code Max SendQ exceeded} while everyone else keeps receiving every message in order; the
 * sender is never slowed or dropped. At scale: a member that stops reading while its room gets
 * 10,000 messages is dropped, the others get all 10,000 in order, and the heap stays bounded.
 */
@Tag("slowconsumer")
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a resumed WebSocket reader may drain megabytes on a loaded machine
public abstract class SlowConsumerScenarios extends ScenarioBase {

    /** Large enough for one batch of fan-out to a reading client, small enough to overflow soon. */
    private static final int SENDQ = 64 * 1024;
    private static final int BATCH = 40;
    /** ~440 bytes per relayed line: 600 batches are ~10 MB, far beyond any loopback socket buffers. */
    private static final int MAX_BATCHES = 600;
    private static final String FILLER = "z".repeat(400);
    private static final int TEN_THOUSAND = 10_000;
    /** ~10 KB per batch: readers must never come near the 64 KiB SendQ, even on a loaded machine. */
    private static final int ROOM_BATCH = 20;
    /**
     * Heap growth allowed (after a full GC, sampled every 2,500 messages) while the room gets 10,000
     * messages; measured 90-150 KiB on all three servers (TCP and WebSocket), so 4 MiB is a wide
     * margin for noise. It fails if the server keeps most of the ~5 MB of relayed lines reachable
     * (lines retained after delivery, a dropped member's queue that stays referenced). A missing
     * SendQ bound is caught first by the drop assertions: the kernel's socket buffers may absorb
     * megabytes, so heap alone would not prove it. The test clients share this JVM and keep only
     * their last 40 lines each.
     */
    private static final long HEAP_GROWTH_BOUND = 4L * 1024 * 1024;

    protected SlowConsumerScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    private static String text(int i) {
        return i + " " + FILLER;
    }

    @Test
    void slowReaderIsDroppedWithMaxSendQExceededWhileOthersGetEverythingInOrder() {
        startServer(testConfig().withMaxSendQBytes(SENDQ));
        IrcTestClient slow = connect("slow", 4096);
        slow.register("slow");
        join(slow, "#flood");
        IrcTestClient alice = joined("alice", "#flood");
        IrcTestClient bob = joined("bob", "#flood");
        slow.sync();
        bob.sync();
        slow.transport().pauseReading();

        String slowQuit = from("slow", "QUIT :Max SendQ exceeded");
        int sent = 0;
        boolean slowDropped = false;
        for (int batch = 0; batch < MAX_BATCHES && !slowDropped; batch++) {
            slowDropped = sendBatchAndCheck(alice, bob, sent, slowQuit);
            sent += BATCH;
        }
        assertThat(slowDropped).as("slow reader dropped after %d messages", sent).isTrue();

        // the others carry on: one more batch arrives complete and in order
        assertThat(sendBatchAndCheck(alice, bob, sent, slowQuit)).as("QUIT of slow only once").isFalse();
        assertNone(alice.sync(), l -> l.verb().equals("ERROR") || l.isErrorNumeric(), "sender unaffected");
        assertNone(bob.sync(), line(slowQuit), "QUIT of slow only once");

        slow.transport().resumeReading();
        List<IrcLine> got = slow.awaitClosedAfterBacklog(Duration.ofSeconds(5));
        List<IrcLine> messages = got.stream().filter(l -> l.verb().equals("PRIVMSG")).toList();
        for (int i = 0; i < messages.size(); i++) {
            assertThat(messages.get(i).last()).as("slow reader's stream has no gaps").isEqualTo(text(i));
        }
        assertThat(got.stream().filter(l -> l.verb().equals("ERROR")))
                .allMatch(line("ERROR :Closing Link: " + HOST + " (Max SendQ exceeded)"));
    }

    /** alice sends messages first..first+BATCH-1; bob must get each in order; returns whether bob saw slowQuit. */
    private static boolean sendBatchAndCheck(IrcTestClient alice, IrcTestClient bob, int first, String slowQuit) {
        for (int i = first; i < first + BATCH; i++) {
            alice.send("PRIVMSG #flood :" + text(i));
        }
        boolean quitSeen = false;
        IrcLine quit = IrcLine.parse(slowQuit);
        for (int i = first; i < first + BATCH; i++) {
            List<IrcLine> lines = bob.collectUntil(l -> l.verb().equals("PRIVMSG"), IrcTestClient.TIMEOUT, "message " + i);
            for (IrcLine l : lines.subList(0, lines.size() - 1)) {
                assertThat(l.verb()).as("bob gets nothing but messages and slow's QUIT: %s", l).isEqualTo("QUIT");
                assertThat(l).matches(quit::sameMessage, "QUIT of slow: " + slowQuit);
                quitSeen = true;
            }
            IrcLine msg = lines.getLast();
            assertThat(msg.source()).isEqualTo(mask("alice"));
            assertThat(msg.last()).as("message %d in order", i).isEqualTo(text(i));
        }
        return quitSeen;
    }

    /** Used heap after a full collection, in bytes; the server runs in this JVM (see TestServerFactory). */
    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Test
    void slowMemberOfARoomGettingTenThousandMessagesIsDroppedWhileHeapStaysBounded() {
        startServer(testConfig().withMaxSendQBytes(SENDQ));
        IrcTestClient slow = connect("slow", 4096);
        slow.register("slow");
        join(slow, "#room");
        IrcTestClient alice = joined("alice", "#room");
        IrcTestClient bob = joined("bob", "#room");
        IrcTestClient carol = joined("carol", "#room");
        for (IrcTestClient c : List.of(slow, alice, bob, carol)) {
            c.sync();
        }
        slow.transport().pauseReading();
        long before = usedHeapAfterGc();
        long maxGrowth = 0;

        String slowQuit = from("slow", "QUIT :Max SendQ exceeded");
        IrcLine quit = IrcLine.parse(slowQuit);
        int quitsSeen = 0;
        String filler = "q".repeat(460); // relayed lines of ~500 bytes: ~5 MB in all
        for (int batch = 0; batch < TEN_THOUSAND / ROOM_BATCH; batch++) {
            int first = batch * ROOM_BATCH;
            for (int i = first; i < first + ROOM_BATCH; i++) {
                alice.send("PRIVMSG #room :" + i + " " + filler);
            }
            for (IrcTestClient reader : List.of(bob, carol)) {
                for (int i = first; i < first + ROOM_BATCH; i++) {
                    List<IrcLine> lines = reader.collectUntil(l -> l.verb().equals("PRIVMSG"), IrcTestClient.TIMEOUT,
                            "message " + i);
                    for (IrcLine l : lines.subList(0, lines.size() - 1)) {
                        assertThat(l).as("%s gets nothing but messages and slow's QUIT", reader.name())
                                .matches(quit::sameMessage, slowQuit);
                        quitsSeen++;
                    }
                    IrcLine msg = lines.getLast();
                    assertThat(msg.source()).isEqualTo(mask("alice"));
                    assertThat(msg.last()).as("%s: message %d in order", reader.name(), i).isEqualTo(i + " " + filler);
                }
            }
            if ((batch + 1) * ROOM_BATCH % 2_500 == 0) {
                maxGrowth = Math.max(maxGrowth, usedHeapAfterGc() - before);
            }
        }
        for (IrcTestClient reader : List.of(bob, carol)) {
            List<IrcLine> rest = reader.sync();
            quitsSeen += (int) rest.stream().filter(quit::sameMessage).count();
            assertNone(rest, l -> !quit.sameMessage(l), "nothing else for " + reader.name());
        }
        assertThat(quitsSeen).as("bob and carol each see slow's QUIT exactly once").isEqualTo(2);
        assertNone(alice.sync(), l -> l.verb().equals("ERROR") || l.isErrorNumeric(), "sender unaffected");
        System.out.printf("slow consumer: %d messages, heap growth after GC at most %d KiB (bound %d KiB)%n",
                TEN_THOUSAND, maxGrowth / 1024, HEAP_GROWTH_BOUND / 1024);
        assertThat(maxGrowth).as("server heap growth (bytes, after GC) while the room got %d messages", TEN_THOUSAND)
                .isLessThan(HEAP_GROWTH_BOUND);

        slow.transport().resumeReading();
        List<IrcLine> got = slow.awaitClosedAfterBacklog(Duration.ofSeconds(5));
        assertThat(got.stream().filter(l -> l.verb().equals("ERROR")))
                .allMatch(line("ERROR :Closing Link: " + HOST + " (Max SendQ exceeded)"));
        List<IrcLine> messages = got.stream().filter(l -> l.verb().equals("PRIVMSG")).toList();
        assertThat(messages.size()).as("slow was dropped before it got everything").isLessThan(TEN_THOUSAND);
        for (int i = 0; i < messages.size(); i++) {
            assertThat(messages.get(i).last()).as("slow reader's stream has no gaps").isEqualTo(i + " " + filler);
        }
    }
}
