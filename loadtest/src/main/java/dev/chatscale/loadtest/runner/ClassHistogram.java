package dev.chatscale.loadtest.runner;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap by class, from {@code jcmd <pid> GC.class_histogram} (which itself runs a full GC
 * first, so only reachable objects are counted): instances and bytes per class, biggest first, and
 * the "Total" line. Class names are the JVM's ({@code [B}, {@code [Ljava.lang.Object;},
 * {@code java.util.HashMap$Node}); the module suffix jcmd prints ({@code (java.base@25.0.3)}) is
 * dropped, and classes of the same name from different loaders are summed. Immutable.
 *
 * @param classes per class, by bytes descending (all of them when parsed; the top ones when read from JSON)
 * @param totalInstances the "Total" line's instances, or -1 when absent
 * @param totalBytes the "Total" line's bytes, or -1 when absent
 */
public record ClassHistogram(List<Entry> classes, long totalInstances, long totalBytes) {
    /** What is recorded when jcmd failed or printed no histogram. */
    public static final ClassHistogram NONE = new ClassHistogram(List.of(), -1, -1);

    /** One class: its JVM name, live instances and their shallow bytes. */
    public record Entry(String className, long instances, long bytes) {}

    /** One class's growth between two histograms, per client (fractional). */
    public record Growth(String className, double bytes, double instances) {}

    // "   1:         16499        1069680  [B (java.base@25.0.3)"; class names hold no spaces.
    private static final Pattern ROW =
            Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)(?:\\s+\\([^)]*\\))?\\s*$", Pattern.MULTILINE);
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);

    public ClassHistogram {
        classes = List.copyOf(classes);
    }

    /**
     * Parses jcmd's output; {@link #NONE} when it holds neither a class row nor a "Total" line (e.g. an
     * attach error). Without a "Total" line the totals are the sums of the rows.
     */
    public static ClassHistogram parse(String text) {
        Map<String, long[]> byName = new LinkedHashMap<>();
        Matcher m = ROW.matcher(text);
        while (m.find()) {
            long[] v = byName.computeIfAbsent(m.group(3), k -> new long[2]);
            v[0] += Long.parseLong(m.group(1));
            v[1] += Long.parseLong(m.group(2));
        }
        Matcher total = TOTAL.matcher(text);
        boolean hasTotal = total.find();
        if (byName.isEmpty() && !hasTotal) {
            return NONE;
        }
        List<Entry> entries = new ArrayList<>();
        byName.forEach((name, v) -> entries.add(new Entry(name, v[0], v[1])));
        entries.sort(Comparator.comparingLong(Entry::bytes).reversed());
        long instances = hasTotal ? Long.parseLong(total.group(1)) : entries.stream().mapToLong(Entry::instances).sum();
        long bytes = hasTotal ? Long.parseLong(total.group(2)) : entries.stream().mapToLong(Entry::bytes).sum();
        return new ClassHistogram(entries, instances, bytes);
    }

    /** Whether a histogram was read. */
    public boolean measured() {
        return totalBytes >= 0;
    }

    /** The {@code n} biggest classes, totals unchanged. */
    public ClassHistogram top(int n) {
        return new ClassHistogram(classes.subList(0, Math.min(n, classes.size())), totalInstances, totalBytes);
    }

    /**
     * Growth per client from {@code zero} to {@code atN}: (value at N − value at 0) / N for every class
     * in either histogram (a class absent from one counts as 0 there), biggest byte growth first.
     * Empty when either histogram was not measured or {@code clients} ≤ 0.
     */
    public static List<Growth> growthPerClient(ClassHistogram zero, ClassHistogram atN, long clients) {
        if (!zero.measured() || !atN.measured() || clients <= 0) {
            return List.of();
        }
        Map<String, Entry> before = new LinkedHashMap<>();
        zero.classes.forEach(e -> before.put(e.className(), e));
        Map<String, Growth> out = new LinkedHashMap<>();
        for (Entry e : atN.classes) {
            Entry b = before.getOrDefault(e.className(), new Entry(e.className(), 0, 0));
            out.put(e.className(), new Growth(e.className(), (e.bytes() - b.bytes()) / (double) clients,
                    (e.instances() - b.instances()) / (double) clients));
        }
        for (Entry b : zero.classes) {
            out.putIfAbsent(b.className(), new Growth(b.className(), -b.bytes() / (double) clients,
                    -b.instances() / (double) clients));
        }
        List<Growth> sorted = new ArrayList<>(out.values());
        sorted.sort(Comparator.comparingDouble(Growth::bytes).reversed());
        return sorted;
    }

    /**
     * A readable name: arrays as Java source ({@code [B} → {@code byte[]}, {@code [[Ljava.lang.String;} →
     * {@code String[][]}), packages dropped ({@code java.util.HashMap$Node} → {@code HashMap$Node}).
     */
    public static String displayName(String jvmName) {
        int dims = 0;
        while (dims < jvmName.length() && jvmName.charAt(dims) == '[') {
            dims++;
        }
        String element = jvmName.substring(dims);
        if (dims > 0) {
            element = switch (element) {
                case "B" -> "byte";
                case "C" -> "char";
                case "I" -> "int";
                case "J" -> "long";
                case "S" -> "short";
                case "Z" -> "boolean";
                case "F" -> "float";
                case "D" -> "double";
                default -> element.startsWith("L") && element.endsWith(";")
                        ? element.substring(1, element.length() - 1) : element;
            };
        }
        int slash = element.indexOf('/'); // hidden classes: Foo$$Lambda/0x...; the address holds no dot
        int dot = element.lastIndexOf('.', slash < 0 ? element.length() : slash);
        return element.substring(dot + 1) + "[]".repeat(dims);
    }

    /** JSON with the totals and the {@code limit} biggest classes (keeps results.json small). */
    public JsonObject toJson(int limit) {
        JsonArray top = new JsonArray();
        for (Entry e : top(limit).classes) {
            top.add(new JsonObject().put("class", e.className()).put("instances", e.instances()).put("bytes", e.bytes()));
        }
        return new JsonObject().put("total_instances", totalInstances).put("total_bytes", totalBytes).put("top", top);
    }

    /** Reads {@link #toJson}; {@link #NONE} for {@code null} (a results.json from before histograms). */
    public static ClassHistogram fromJson(JsonObject json) {
        if (json == null) {
            return NONE;
        }
        List<Entry> entries = new ArrayList<>();
        JsonArray top = json.getJsonArray("top", new JsonArray());
        for (int i = 0; i < top.size(); i++) {
            JsonObject e = top.getJsonObject(i);
            entries.add(new Entry(e.getString("class", "?"), e.getLong("instances", 0L), e.getLong("bytes", 0L)));
        }
        return new ClassHistogram(entries, json.getLong("total_instances", -1L), json.getLong("total_bytes", -1L));
    }
}
