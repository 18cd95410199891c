package dev.chatscale.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A grouped bar chart rendered as inline SVG (no scripts, no external resources): one group per
 * category (server), one bar per series, value labels on the bars, and an optional dashed target
 * line per category. Values that are NaN are drawn as "n/a". Not thread-safe; build, then render.
 */
public final class SvgBarChart {
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948"};

    private final String title;
    private final List<String> categories;
    private final List<String> series = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();
    private final DoubleFunction<String> label;
    private double[] targets;

    /**
     * @param label formats a value for the bar labels and the axis
     */
    public SvgBarChart(String title, List<String> categories, DoubleFunction<String> label) {
        this.title = title;
        this.categories = List.copyOf(categories);
        this.label = label;
    }

    /** Adds one series: a value per category. */
    public SvgBarChart series(String name, double... perCategory) {
        if (perCategory.length != categories.size()) {
            throw new IllegalArgumentException("one value per category required");
        }
        series.add(name);
        values.add(perCategory.clone());
        return this;
    }

    /** A target per category (NaN = none), drawn as a dashed red line across the group. */
    public SvgBarChart targets(double... perCategory) {
        this.targets = perCategory.clone();
        return this;
    }

    public String render() {
        int groupWidth = Math.max(120, series.size() * 46 + 30);
        int left = 70;
        int width = left + categories.size() * groupWidth + 20;
        int height = 300;
        int top = 40;
        int bottom = 250;
        double max = 0;
        for (double[] v : values) {
            for (double x : v) {
                if (!Double.isNaN(x)) {
                    max = Math.max(max, x);
                }
            }
        }
        if (targets != null) {
            for (double t : targets) {
                if (!Double.isNaN(t)) {
                    max = Math.max(max, t);
                }
            }
        }
        max = max <= 0 ? 1 : max * 1.1;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\" "
                        + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height + 20 * ((series.size() + 2) / 3),
                Format.html(title)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                left, Format.html(title)));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                left, bottom, width - 10, bottom));
        for (int g = 0; g <= 4; g++) {
            double v = max * g / 4;
            int y = (int) Math.round(bottom - (bottom - top) * g / 4.0);
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%d\" "
                            + "text-anchor=\"end\">%s</text>%n",
                    left, y, width - 10, y, left - 4, y + 4, Format.html(label.apply(v))));
        }
        for (int c = 0; c < categories.size(); c++) {
            int gx = left + c * groupWidth + 15;
            for (int i = 0; i < series.size(); i++) {
                double v = values.get(i)[c];
                int x = gx + i * 46;
                if (Double.isNaN(v)) {
                    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#999\">n/a</text>%n",
                            x + 8, bottom - 4));
                    continue;
                }
                int h = (int) Math.round((bottom - top) * Math.max(0, v) / max);
                s.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"40\" height=\"%d\" fill=\"%s\"><title>%s %s: %s</title></rect>%n",
                        x, bottom - h, h, COLORS[i % COLORS.length], Format.html(categories.get(c)),
                        Format.html(series.get(i)), Format.html(label.apply(v))));
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"9\">%s</text>%n",
                        x + 20, bottom - h - 3, Format.html(label.apply(v))));
            }
            if (targets != null && !Double.isNaN(targets[c])) {
                int y = (int) Math.round(bottom - (bottom - top) * targets[c] / max);
                s.append(String.format(Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d00\" stroke-dasharray=\"5,3\"/>"
                                + "<text x=\"%d\" y=\"%d\" fill=\"#d00\" font-size=\"9\" text-anchor=\"end\">target %s</text>%n",
                        gx - 5, y, gx + series.size() * 46, y, gx + series.size() * 46, y - 3,
                        Format.html(label.apply(targets[c]))));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>%n",
                    gx + series.size() * 23, bottom + 16, Format.html(categories.get(c))));
        }
        for (int i = 0; i < series.size(); i++) {
            int x = left + (i % 3) * 200;
            int y = bottom + 36 + (i / 3) * 18;
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    x, y - 10, COLORS[i % COLORS.length], x + 16, y, Format.html(series.get(i))));
        }
        return s.append("</svg>\n").toString();
    }
}
