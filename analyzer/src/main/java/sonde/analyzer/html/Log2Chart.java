package sonde.analyzer.html;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import sonde.analyzer.out.Template;

/**
 * Log2 latency histograms as small SVG bar charts, one per key (device, file system): the same
 * buckets as bcc's biolatency, microseconds, slot 0 = 0-1 us, slot i = 2^(i-1) .. 2^i - 1 us.
 */
final class Log2Chart implements Template.Content {
    private static final Template CHART = Template.load(Log2Chart.class, "/sonde/analyzer/html/histogram.svg.tmpl");
    private static final Template BAR = Template.load(Log2Chart.class, "/sonde/analyzer/html/bar.svg.tmpl");
    private static final int BAR_H = 14;

    private final Map<String, TreeMap<Integer, Long>> byKey = new LinkedHashMap<>();

    /** Rows of (key, slot, count). */
    static Log2Chart of(ResultSet rs) throws SQLException {
        Log2Chart c = new Log2Chart();
        while (rs.next()) {
            c.byKey.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).merge(rs.getInt(2), rs.getLong(3), Long::sum);
        }
        return c;
    }

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    @Override
    public void writeTo(Writer out) throws IOException {
        out.write("<div class=\"charts\">\n");
        for (Map.Entry<String, TreeMap<Integer, Long>> e : byKey.entrySet()) {
            chart(e.getKey(), e.getValue(), out);
        }
        out.write("</div>\n");
    }

    private static void chart(String key, TreeMap<Integer, Long> slots, Writer out) throws IOException {
        long max = slots.values().stream().mapToLong(Long::longValue).max().orElse(1);
        long total = slots.values().stream().mapToLong(Long::longValue).sum();
        int first = slots.firstKey();
        int last = slots.lastKey();
        StringWriter bars = new StringWriter();
        for (int slot = first; slot <= last; slot++) {
            long n = slots.getOrDefault(slot, 0L);
            int y = 22 + (slot - first) * BAR_H;
            double w = 260.0 * n / max;
            BAR.write(bars, Map.of("ty", String.valueOf(y + 10), "label", range(slot), "y", String.valueOf(y),
                    "w", String.format(java.util.Locale.ROOT, "%.1f", w), "h", String.valueOf(BAR_H - 3),
                    "n", String.valueOf(n), "nx", String.format(java.util.Locale.ROOT, "%.1f", 126 + w)));
        }
        int height = 22 + (last - first + 1) * BAR_H + 18;
        CHART.write(out, Map.of("width", "440", "height", String.valueOf(height), "label", key + " (" + total + ")",
                "bars", (Template.Content) w -> w.write(bars.toString()), "axisY", String.valueOf(height - 4),
                "axis", "microseconds, log2 buckets"));
    }

    /** "64 -> 127 us", as print_log2_hist labels a slot. */
    static String range(int slot) {
        if (slot == 0) {
            return "0 -> 1 us";
        }
        long lo = 1L << (slot - 1);
        long hi = (1L << slot) - 1;
        return lo + " -> " + hi + " us";
    }
}
