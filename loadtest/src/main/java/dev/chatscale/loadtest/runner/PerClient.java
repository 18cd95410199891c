package dev.chatscale.loadtest.runner;

import io.vertx.core.json.JsonObject;

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
 */
public record PerClient(long clients, double rssBytes, double heapBytes, double nmtBytes, double stackBytes,
        double threads, double kernelTcpBytes) {

    /** Bytes of a page in /proc/net/sockstat "mem". */
    public static final long PAGE_SIZE = 4096;

    public static PerClient between(ProcessSample zero, ProcessSample atN) {
        long n = atN.clients();
        return new PerClient(n,
                perClientKb(zero.rssKb(), atN.rssKb(), n),
                perClientKb(zero.heapUsedKb(), atN.heapUsedKb(), n),
                perClientKb(zero.nmt().totalCommittedKb(), atN.nmt().totalCommittedKb(), n),
                perClientKb(zero.nmt().stackCommittedKb(), atN.nmt().stackCommittedKb(), n),
                ratio(zero.threads(), atN.threads(), n),
                pages(zero.sockStat().memPages(), atN.sockStat().memPages(), n));
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
        return new JsonObject().put("clients", clients).put("rss_bytes", round(rssBytes))
                .put("heap_bytes", round(heapBytes)).put("footprint_bytes", round(footprintBytes()))
                .put("nmt_bytes", round(nmtBytes)).put("stack_bytes", round(stackBytes))
                .put("threads", round(threads)).put("kernel_tcp_bytes", round(kernelTcpBytes));
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 100.0) / 100.0;
    }
}
