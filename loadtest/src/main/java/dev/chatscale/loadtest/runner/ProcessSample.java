package dev.chatscale.loadtest.runner;

import io.vertx.core.json.JsonObject;

/**
 * One measurement of a server process at a moment: memory, threads, file descriptors, heap used
 * after a forced full GC, NMT summary, live heap by class and the machine's kernel TCP figures.
 * Immutable; -1 marks a figure that could not be read. The JSON form keeps only the
 * {@value #HISTOGRAM_TOP} biggest classes of the histogram (the whole one is kept as a raw file).
 *
 * @param label what the moment was (e.g. "0 clients", "10000 ws idle")
 * @param clients client connections the load generator held at that moment
 * @param epochMillis when
 * @param rssKb VmRSS
 * @param threads OS threads
 * @param fds open file descriptors
 * @param heapUsedKb heap used after {@code GC.run}
 * @param nmt NMT summary
 * @param sockStat /proc/net/sockstat TCP line
 * @param histogram live heap by class ({@code GC.class_histogram}), {@link ClassHistogram#NONE} when not read
 */
public record ProcessSample(String label, long clients, long epochMillis, long rssKb, int threads, int fds,
        long heapUsedKb, NmtSummary nmt, ProcFiles.SockStat sockStat, ClassHistogram histogram) {

    /** Classes of the histogram kept in results.json, per sample. */
    public static final int HISTOGRAM_TOP = 20;

    public JsonObject toJson() {
        return new JsonObject().put("label", label).put("clients", clients).put("epoch_ms", epochMillis)
                .put("rss_kb", rssKb).put("threads", threads).put("fds", fds).put("heap_used_kb", heapUsedKb)
                .put("nmt", nmt.toJson())
                .put("tcp", new JsonObject().put("inuse", sockStat.inUse()).put("tw", sockStat.timeWait())
                        .put("alloc", sockStat.alloc()).put("mem_pages", sockStat.memPages()))
                .put("class_histogram", histogram.toJson(HISTOGRAM_TOP));
    }

    public static ProcessSample fromJson(JsonObject j) {
        JsonObject tcp = j.getJsonObject("tcp", new JsonObject());
        return new ProcessSample(j.getString("label", ""), j.getLong("clients", 0L), j.getLong("epoch_ms", 0L),
                j.getLong("rss_kb", -1L), j.getInteger("threads", -1), j.getInteger("fds", -1),
                j.getLong("heap_used_kb", -1L), NmtSummary.fromJson(j.getJsonObject("nmt")),
                new ProcFiles.SockStat(tcp.getLong("inuse", -1L), tcp.getLong("tw", -1L), tcp.getLong("alloc", -1L),
                        tcp.getLong("mem_pages", -1L)),
                ClassHistogram.fromJson(j.getJsonObject("class_histogram")));
    }
}
