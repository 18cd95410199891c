package dev.chatscale.loadtest.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fixture is real {@code jcmd <pid> GC.class_histogram} output of server-netty (JDK 25.0.3) at 0
 * clients, shortened: rows 1–60, three later rows (a hidden lambda class, two 2-dimensional arrays),
 * the last three rows and the Total line, exactly as printed.
 */
class ClassHistogramTest {
    private static ClassHistogram histogram(String rows) {
        return ClassHistogram.parse("4242:\n num     #instances         #bytes  class name (module)\n"
                + "-------------------------------------------------------\n" + rows);
    }

    @Test
    void realJdk25HistogramParsesRowsWithAndWithoutModuleAndTheTotalLine() throws IOException {
        ClassHistogram h = ClassHistogram.parse(NmtSummaryTest.fixture("class_histogram.txt"));
        assertThat(h.totalInstances()).isEqualTo(72422);
        assertThat(h.totalBytes()).isEqualTo(4137576);
        assertThat(h.classes()).hasSize(66);
        assertThat(h.classes().getFirst()).isEqualTo(new ClassHistogram.Entry("[B", 16499, 1069680));
        assertThat(h.classes()).contains(
                new ClassHistogram.Entry("io.netty.util.internal.shaded.org.jctools.queues.varhandle.MpmcVarHandleArrayQueue",
                        66, 36432),
                new ClassHistogram.Entry("[Lio.netty.channel.epoll.EpollIoEvent;", 1, 32848),
                new ClassHistogram.Entry("java.util.regex.Pattern$$Lambda/0x800000027", 21, 336),
                new ClassHistogram.Entry("sun.util.resources.cldr.provider.CLDRLocaleDataMetaInfo", 1, 16));
        assertThat(h.classes()).extracting(ClassHistogram.Entry::bytes).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void attachErrorIsNotMeasured() {
        ClassHistogram h = ClassHistogram.parse("4242:\ncom.sun.tools.attach.AttachNotSupportedException: Unable to open socket file\n");
        assertThat(h).isEqualTo(ClassHistogram.NONE);
        assertThat(h.measured()).isFalse();
        assertThat(ClassHistogram.parse("")).isEqualTo(ClassHistogram.NONE);
    }

    @Test
    void sameClassFromTwoLoadersIsSummedAndMissingTotalIsTheSum() {
        ClassHistogram h = histogram("""
                   1:            10            400  com.example.Foo
                   2:             5            200  java.lang.String (java.base@25.0.3)
                   3:             2             80  com.example.Foo
                """);
        assertThat(h.classes()).containsExactly(new ClassHistogram.Entry("com.example.Foo", 12, 480),
                new ClassHistogram.Entry("java.lang.String", 5, 200));
        assertThat(h.totalInstances()).isEqualTo(17);
        assertThat(h.totalBytes()).isEqualTo(680);
    }

    @Test
    void growthPerClientCountsAClassAbsentAtZeroAsZero() {
        ClassHistogram zero = histogram("""
                   1:          1000          50000  [B (java.base@25.0.3)
                   2:           300          30000  java.lang.Gone (java.base@25.0.3)
                   3:            10            320  java.lang.Same (java.base@25.0.3)
                Total          1310          80320
                """);
        ClassHistogram atN = histogram("""
                   1:          3000         850000  [B (java.base@25.0.3)
                   2:          1000         480000  io.netty.channel.epoll.EpollSocketChannel
                   3:            10            320  java.lang.Same (java.base@25.0.3)
                Total          4010        1330320
                """);
        List<ClassHistogram.Growth> g = ClassHistogram.growthPerClient(zero, atN, 1000);
        assertThat(g).containsExactly(
                new ClassHistogram.Growth("[B", 800.0, 2.0),
                new ClassHistogram.Growth("io.netty.channel.epoll.EpollSocketChannel", 480.0, 1.0),
                new ClassHistogram.Growth("java.lang.Same", 0.0, 0.0),
                new ClassHistogram.Growth("java.lang.Gone", -30.0, -0.3));
        assertThat(g.stream().mapToDouble(ClassHistogram.Growth::bytes).sum())
                .isCloseTo((atN.totalBytes() - zero.totalBytes()) / 1000.0, within(1e-9));
    }

    @Test
    void growthNeedsBothHistogramsAndClients() {
        ClassHistogram h = histogram("   1:  1  16  java.lang.Object (java.base@25.0.3)\n");
        assertThat(ClassHistogram.growthPerClient(ClassHistogram.NONE, h, 10)).isEmpty();
        assertThat(ClassHistogram.growthPerClient(h, ClassHistogram.NONE, 10)).isEmpty();
        assertThat(ClassHistogram.growthPerClient(h, h, 0)).isEmpty();
    }

    @Test
    void displayNamesReadLikeJavaSource() {
        assertThat(ClassHistogram.displayName("[B")).isEqualTo("byte[]");
        assertThat(ClassHistogram.displayName("[[I")).isEqualTo("int[][]");
        assertThat(ClassHistogram.displayName("[Ljava.lang.Object;")).isEqualTo("Object[]");
        assertThat(ClassHistogram.displayName("[[Ljava.math.BigInteger;")).isEqualTo("BigInteger[][]");
        assertThat(ClassHistogram.displayName("java.util.HashMap$Node")).isEqualTo("HashMap$Node");
        assertThat(ClassHistogram.displayName("io.netty.buffer.PooledUnsafeDirectByteBuf"))
                .isEqualTo("PooledUnsafeDirectByteBuf");
        assertThat(ClassHistogram.displayName("java.util.regex.Pattern$$Lambda/0x800000027"))
                .isEqualTo("Pattern$$Lambda/0x800000027");
        assertThat(ClassHistogram.displayName("Unpackaged")).isEqualTo("Unpackaged");
    }

    @Test
    void jsonKeepsTheTotalsAndOnlyTheBiggestClasses() throws IOException {
        ClassHistogram h = ClassHistogram.parse(NmtSummaryTest.fixture("class_histogram.txt"));
        JsonObject json = h.toJson(20);
        assertThat(json.getJsonArray("top")).hasSize(20);
        assertThat(ClassHistogram.fromJson(json)).isEqualTo(h.top(20));
        assertThat(ClassHistogram.fromJson(null)).isEqualTo(ClassHistogram.NONE);
    }
}
