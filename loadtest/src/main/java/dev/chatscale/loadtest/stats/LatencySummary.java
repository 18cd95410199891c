package dev.chatscale.loadtest.stats;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/**
 * Percentiles of a set of latency samples, in microseconds (rounded down from nanoseconds).
 * Percentiles use the nearest-rank method: p-th percentile = the smallest sample such that at
 * least p % of all samples are &lt;= it; so p100 = max and a single sample is every percentile.
 * Immutable value.
 *
 * @param count number of samples
 * @param minMicros smallest sample
 * @param p50Micros median
 * @param p90Micros 90th percentile
 * @param p99Micros 99th percentile
 * @param p999Micros 99.9th percentile
 * @param maxMicros largest sample
 * @param meanMicros arithmetic mean
 */
public record LatencySummary(
        long count, long minMicros, long p50Micros, long p90Micros, long p99Micros, long p999Micros,
        long maxMicros, double meanMicros) {

    /** The summary of no samples at all: count 0 and every figure 0. */
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0.0);

    /** Summarises nanosecond samples; the array is not modified. */
    public static LatencySummary ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return EMPTY;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return new LatencySummary(
                sorted.length,
                sorted[0] / 1_000,
                nearestRank(sorted, 50.0) / 1_000,
                nearestRank(sorted, 90.0) / 1_000,
                nearestRank(sorted, 99.0) / 1_000,
                nearestRank(sorted, 99.9) / 1_000,
                sorted[sorted.length - 1] / 1_000,
                sum / sorted.length / 1_000.0);
    }

    /**
     * The nearest-rank percentile of an ascending array: element at rank ceil(p/100 * n), 1-based.
     *
     * @param sortedAscending non-empty, sorted
     * @param percentile in (0, 100]
     */
    public static long nearestRank(long[] sortedAscending, double percentile) {
        if (sortedAscending.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(percentile > 0.0 && percentile <= 100.0)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + percentile);
        }
        // the epsilon keeps 99.9 % of 1000 at rank 999 despite binary floating point (999.0000000000001)
        int rank = (int) Math.ceil(percentile * sortedAscending.length / 100.0 - 1e-9);
        return sortedAscending[Math.max(rank, 1) - 1];
    }

    /** This summary as JSON with keys {@code count, min_us, p50_us, ...}. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("count", count)
                .put("min_us", minMicros)
                .put("p50_us", p50Micros)
                .put("p90_us", p90Micros)
                .put("p99_us", p99Micros)
                .put("p999_us", p999Micros)
                .put("max_us", maxMicros)
                .put("mean_us", Math.round(meanMicros * 10.0) / 10.0);
    }

    /** Reads what {@link #toJson()} wrote; missing keys read as 0 (so a missing block reads as EMPTY). */
    public static LatencySummary fromJson(JsonObject json) {
        if (json == null) {
            return EMPTY;
        }
        return new LatencySummary(
                json.getLong("count", 0L),
                json.getLong("min_us", 0L),
                json.getLong("p50_us", 0L),
                json.getLong("p90_us", 0L),
                json.getLong("p99_us", 0L),
                json.getLong("p999_us", 0L),
                json.getLong("max_us", 0L),
                json.getDouble("mean_us", 0.0));
    }
}
