package dev.chatscale.loadtest.runner;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of {@code jcmd <pid> VM.native_memory summary} the benchmark reports: total committed,
 * committed per category (Java Heap, Thread, Code, ...), the thread count NMT saw and the committed
 * thread stacks. All sizes in KB as NMT prints them. Immutable.
 *
 * @param totalCommittedKb "Total: ... committed="
 * @param committedKb committed KB per category, in NMT's order
 * @param threads "(threads #N)" under Thread, or -1 when absent
 * @param stackCommittedKb "(stack: ... committed=)" under Thread, or -1 when absent
 */
public record NmtSummary(long totalCommittedKb, Map<String, Long> committedKb, int threads, long stackCommittedKb) {
    /** What is recorded when NMT is off or jcmd failed. */
    public static final NmtSummary NONE = new NmtSummary(-1, Map.of(), -1, -1);

    private static final Pattern TOTAL = Pattern.compile("^Total: reserved=\\d+KB, committed=(\\d+)KB", Pattern.MULTILINE);
    private static final Pattern CATEGORY = Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB", Pattern.MULTILINE);
    private static final Pattern THREADS = Pattern.compile("\\(threads #(\\d+)\\)");
    private static final Pattern STACK = Pattern.compile("\\(stack: reserved=\\d+KB, committed=(\\d+)KB");

    public NmtSummary {
        committedKb = Map.copyOf(new LinkedHashMap<>(committedKb));
    }

    /** Parses NMT summary output; returns {@link #NONE} when it holds no "Total:" line (NMT off). */
    public static NmtSummary parse(String text) {
        Matcher total = TOTAL.matcher(text);
        if (!total.find()) {
            return NONE;
        }
        Map<String, Long> categories = new LinkedHashMap<>();
        Matcher m = CATEGORY.matcher(text);
        while (m.find()) {
            categories.put(m.group(1).trim(), Long.parseLong(m.group(2)));
        }
        Matcher threads = THREADS.matcher(text);
        Matcher stack = STACK.matcher(text);
        return new NmtSummary(
                Long.parseLong(total.group(1)),
                categories,
                threads.find() ? Integer.parseInt(threads.group(1)) : -1,
                stack.find() ? Long.parseLong(stack.group(1)) : -1);
    }

    /** Committed KB of a category, or 0 when NMT did not list it. */
    public long committed(String category) {
        return committedKb.getOrDefault(category, 0L);
    }

    public JsonObject toJson() {
        JsonObject cats = new JsonObject();
        committedKb.forEach(cats::put);
        return new JsonObject().put("total_committed_kb", totalCommittedKb).put("threads", threads)
                .put("stack_committed_kb", stackCommittedKb).put("committed_kb", cats);
    }

    public static NmtSummary fromJson(JsonObject json) {
        if (json == null) {
            return NONE;
        }
        Map<String, Long> cats = new LinkedHashMap<>();
        JsonObject c = json.getJsonObject("committed_kb", new JsonObject());
        for (String k : c.fieldNames()) {
            cats.put(k, c.getLong(k));
        }
        return new NmtSummary(json.getLong("total_committed_kb", -1L), cats, json.getInteger("threads", -1),
                json.getLong("stack_committed_kb", -1L));
    }
}
