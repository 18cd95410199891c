package dev.chatscale.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.blocking.BlockingChatServer;
import dev.chatscale.testkit.ChatServers;
import dev.chatscale.testkit.MessageScenarios;
import dev.chatscale.testkit.NickQuitScenarios;
import dev.chatscale.testkit.SlowConsumerScenarios;
import dev.chatscale.testkit.TestServerFactory;
import dev.chatscale.testkit.TopicScenarios;
import dev.chatscale.testkit.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * No server virtual thread is ever pinned to its carrier for 20 ms or more while real conversations
 * run: conformance scenarios with the most contention (channel fan-out, topics, nick changes and
 * quits, a slow consumer dropped on SendQ overflow) run against server-virtual while JFR records
 * {@code jdk.VirtualThreadPinned} with a 20 ms threshold; any event on a server thread
 * ({@code conn-*}) fails the class.
 *
 * <p>Pinning blocks a carrier, and with one carrier per core a few pinned readers stall every
 * client. The code avoids it by design (ReentrantLock, never {@code synchronized}; no blocking in
 * class initialisers or native frames). Before recording, a control run checks that this JVM's JFR
 * does report a deliberately pinned virtual thread, so the check cannot pass vacuously.
 */
class VirtualThreadPinningTest {
    private static final String PINNED = "jdk.VirtualThreadPinned";
    private static final Duration THRESHOLD = Duration.ofMillis(20);

    private static Recording recording;

    private static TestServerFactory factory() {
        return ChatServers.tcpOnlyFactory(settings -> BlockingChatServer.start(settings, Main.connectionThreads()));
    }

    private static Recording pinnedRecording() {
        Recording r = new Recording();
        r.enable(PINNED).withThreshold(THRESHOLD).withStackTrace();
        r.setToDisk(true);
        return r;
    }

    private static List<RecordedEvent> stopAndRead(Recording r) throws IOException {
        r.stop();
        Path file = Files.createTempFile("pinning", ".jfr");
        try {
            r.dump(file);
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals(PINNED))
                    .toList();
        } finally {
            r.close();
            Files.deleteIfExists(file);
        }
    }

    private static boolean onServerThread(RecordedEvent e) {
        return e.getThread() != null && e.getThread().getJavaName() != null
                && e.getThread().getJavaName().startsWith("conn-");
    }

    private static String describe(RecordedEvent e) {
        String frames = e.getStackTrace() == null ? "(no stack)" : e.getStackTrace().getFrames().stream()
                .limit(12)
                .map(RecordedFrame::getMethod)
                .map(m -> m.getType().getName() + "." + m.getName())
                .collect(Collectors.joining(" <- "));
        return e.getThread().getJavaName() + " pinned " + e.getDuration().toMillis() + " ms: " + frames;
    }

    /** Sleeping inside a class initialiser pins a virtual thread (it cannot unmount mid-{@code <clinit>}). */
    private static final class SlowToInitialise {
        static final long READY;

        static {
            try {
                Thread.sleep(THRESHOLD.multipliedBy(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            READY = System.nanoTime();
        }
    }

    @BeforeAll
    static void jfrSeesPinningThenStartRecording() throws Exception {
        Recording control = pinnedRecording();
        control.start();
        Thread pinned = Thread.ofVirtual().name("conn-control").start(() -> assertThat(SlowToInitialise.READY).isNotZero());
        pinned.join();
        assertThat(stopAndRead(control)).as("control: JFR reports a virtual thread pinned in <clinit>")
                .anyMatch(VirtualThreadPinningTest::onServerThread);

        recording = pinnedRecording();
        recording.start();
    }

    @AfterAll
    static void noServerVirtualThreadWasPinned() throws Exception {
        List<RecordedEvent> events = stopAndRead(recording);
        List<String> server = events.stream().filter(VirtualThreadPinningTest::onServerThread)
                .map(VirtualThreadPinningTest::describe).toList();
        List<String> others = events.stream().filter(e -> !onServerThread(e))
                .map(VirtualThreadPinningTest::describe).toList();
        if (!others.isEmpty()) {
            System.out.println("pinned non-server virtual threads (test clients), not counted: " + others);
        }
        assertThat(server).as("server virtual threads pinned >= %d ms", THRESHOLD.toMillis()).isEmpty();
    }

    @Nested
    class Messages extends MessageScenarios {
        Messages() {
            super(factory(), Transport.TCP);
        }
    }

    @Nested
    class Topics extends TopicScenarios {
        Topics() {
            super(factory(), Transport.TCP);
        }
    }

    @Nested
    class NicksAndQuits extends NickQuitScenarios {
        NicksAndQuits() {
            super(factory(), Transport.TCP);
        }
    }

    @Nested
    class SlowConsumer extends SlowConsumerScenarios {
        SlowConsumer() {
            super(factory(), Transport.TCP);
        }
    }
}
