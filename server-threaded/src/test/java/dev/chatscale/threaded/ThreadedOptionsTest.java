package dev.chatscale.threaded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

class ThreadedOptionsTest {
    private final ThreadedOptions.StackSizeConverter converter = new ThreadedOptions.StackSizeConverter();

    @Test
    void stackSizesAcceptKilobytesMegabytesAndPlainBytes() {
        assertThat(converter.convert("256k")).isEqualTo(256L * 1024);
        assertThat(converter.convert("1M")).isEqualTo(1024L * 1024);
        assertThat(converter.convert("131072")).isEqualTo(131_072L);
    }

    @Test
    void stackSizesOutsideSixtyFourKToOneGAreRejected() {
        assertThatThrownBy(() -> converter.convert("16k")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("2g")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("lots")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("k")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void theFlagDefaultsTo256kAndCanBeSet() {
        ThreadedOptions defaults = new ThreadedOptions();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.stackSizeBytes()).isEqualTo(256L * 1024);

        ThreadedOptions set = new ThreadedOptions();
        new CommandLine(set).parseArgs("--thread-stack-size", "512k");
        assertThat(set.stackSizeBytes()).isEqualTo(512L * 1024);
    }

    @Test
    void connectionThreadsArePlatformDaemonThreads() throws Exception {
        AtomicReference<Thread> ran = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = Main.connectionThreads(256 * 1024).newThread(() -> {
            ran.set(Thread.currentThread());
            done.countDown();
        });
        assertThat(t.isVirtual()).isFalse();
        assertThat(t.isDaemon()).isTrue();
        t.start();
        done.await();
        assertThat(ran.get()).isSameAs(t);
    }
}
