package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §10 and DESIGN.md (SendQ): a reader that stops reading is dropped with
 * {@code Max SendQ exceeded} while everyone else keeps receiving every message in order; the
 * sender is never slowed or dropped.
 */
public abstract class SlowConsumerScenarios extends ScenarioBase {

    /** Large enough for one batch of fan-out to a reading client, small enough to overflow soon. */
    private static final int SENDQ = 64 * 1024;
    private static final int BATCH = 40;
    /** ~440 bytes per relayed line: 600 batches are ~10 MB, far beyond any loopback socket buffers. */
    private static final int MAX_BATCHES = 600;
    private static final String FILLER = "z".repeat(400);

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
        List<IrcLine> got = slow.awaitClosed(Duration.ofSeconds(10));
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
}
