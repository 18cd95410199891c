package dev.chatscale.loadtest.runner;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Per-client cost between a sample at 0 clients and one at N: (value at N - value at 0) / N, in
 * bytes (threads as a plain ratio). Immutable. A figure is {@code NaN} when either sample lacks it
 * or N is 0.
 *
 * @param clients N
 * @param rssBytes VmRSS growth per client
 * @param heapBytes live-heap growth (after full GC) per client
 * @param nmtBytes NMT total committed growth per client
 * @param stackBytes NMT thread-stack committed growth per client
 * @param threads OS threads added per client
 * @param kernelTcpBytes kernel TCP buffer memory growth per client (whole machine: both loopback ends)
 * @param histogramBytes class histogram "Total" bytes growth per client (live heap as the histogram counts it)
 * @param heapByClass live-heap growth per client by class, biggest first (every class of either histogram)
 */
public record PerClient(long clients, double rssBytes, double heapBytes, double nmtBytes, double stackBytes,
        double threads, double kernelTcpBytes, double histogramBytes, List<ClassHistogram.Growth> heapByClass) {

    /** Bytes of a page in /proc/net/sockstat "mem". */
    public static final long PAGE_SIZE = 4096;

    /** Classes of {@link #heapByClass} kept in results.json. */
    public static final int HEAP_BY_CLASS_TOP = 20;

    public PerClient {
        heapByClass = List.copyOf(heapByClass);
    }

    public static PerClient between(ProcessSample zero, ProcessSample atN) {
        long n = atN.clients();
        return new PerClient(n,
                perClientKb(zero.rssKb(), atN.rssKb(), n),
                perClientKb(zero.heapUsedKb(), atN.heapUsedKb(), n),
                perClientKb(zero.nmt().totalCommittedKb(), atN.nmt().totalCommittedKb(), n),
                perClientKb(zero.nmt().stackCommittedKb(), atN.nmt().stackCommittedKb(), n),
                ratio(zero.threads(), atN.threads(), n),
                pages(zero.sockStat().memPages(), atN.sockStat().memPages(), n),
                zero.histogram().measured() && atN.histogram().measured()
                        ? ratio(zero.histogram().totalBytes(), atN.histogram().totalBytes(), n) : Double.NaN,
                ClassHistogram.growthPerClient(zero.histogram(), atN.histogram(), n));
    }

    /** RSS growth plus live-heap growth: what one idle client really costs when the heap is pre-touched. */
    public double footprintBytes() {
        return rssBytes + heapBytes;
    }

    private static double perClientKb(long zero, long atN, long n) {
        if (zero < 0 || atN < 0 || n <= 0) {
            return Double.NaN;
        }
        return (atN - zero) * 1024.0 / n;
    }

    private static double ratio(long zero, long atN, long n) {
        if (zero < 0 || atN < 0 || n <= 0) {
            return Double.NaN;
        }
        return (double) (atN - zero) / n;
    }

    private static double pages(long zero, long atN, long n) {
        if (zero < 0 || atN < 0 || n <= 0) {
            return Double.NaN;
        }
        return (atN - zero) * (double) PAGE_SIZE / n;
    }

    public JsonObject toJson() {
        JsonObject j = new JsonObject().put("clients", clients).put("rss_bytes", round(rssBytes))
                .put("heap_bytes", round(heapBytes)).put("footprint_bytes", round(footprintBytes()))
                .put("nmt_bytes", round(nmtBytes)).put("stack_bytes", round(stackBytes))
                .put("threads", round(threads)).put("kernel_tcp_bytes", round(kernelTcpBytes));
        if (!heapByClass.isEmpty()) {
            JsonArray classes = new JsonArray();
            for (ClassHistogram.Growth g : heapByClass.subList(0, Math.min(HEAP_BY_CLASS_TOP, heapByClass.size()))) {
                classes.add(new JsonObject().put("class", g.className()).put("bytes", round(g.bytes()))
                        .put("instances", Math.round(g.instances() * 1000.0) / 1000.0));
            }
            j.put("heap_by_class", new JsonObject().put("total_bytes", round(histogramBytes)).put("classes", classes));
        }
        return j;
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 100.0) / 100.0;
    }
}
