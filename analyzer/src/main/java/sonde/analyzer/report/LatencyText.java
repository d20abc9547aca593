package sonde.analyzer.report;

import java.io.PrintStream;
import java.util.List;
import sonde.analyzer.hist.LinearHistogram;
import sonde.analyzer.hist.Log2Histogram;
import sonde.recorder.cli.TerminalText;
import sonde.recorder.cli.UserError;

/**
 * The text shape of sonde latency, after biolatency(8): the recording window line, then per
 * group a section line ("device = vda", none when ungrouped), the histogram exactly as bcc
 * prints it (see {@link Log2Histogram}, {@link LinearHistogram}), and a line of exact
 * percentiles in the histogram's unit: "p50 = 512 us, p90 = …, p99 = …, p99.9 = …, max = …".
 */
public final class LatencyText {
    /** More rows than this from --linear is a mistake in STEP, not a histogram anyone can read. */
    public static final long LINEAR_MAX_ROWS = 1000;

    private LatencyText() {
    }

    /**
     * @param by         the --by word for section lines, or null for one ungrouped histogram
     * @param linearStep bucket width in {@code unit}, or null for log2 buckets
     * @param footer     a closing note (requests never completed), or null
     */
    public static void print(List<LatencyGroup> groups, Layer layer, String by, LatencyUnit unit, Long linearStep,
                             RecordingWindow window, String footer, PrintStream out) {
        String[] histograms = new String[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            histograms[i] = histogram(groups.get(i), unit, linearStep, by);
        }
        out.println(window.headerLine());
        if (groups.isEmpty()) {
            out.println();
            out.println("no completed " + layer.noun() + " recorded");
        }
        for (int i = 0; i < groups.size(); i++) {
            LatencyGroup g = groups.get(i);
            out.println();
            if (by != null) {
                out.println(by + " = " + TerminalText.escape(g.key()));
            }
            out.print(histograms[i]);
            out.println(percentiles(g, unit));
        }
        if (footer != null) {
            out.println();
            out.println(footer);
        }
    }

    /** "p50 = 1000 us, p90 = 3000 us, p99 = 3000 us, p99.9 = 3000 us, max = 3000 us". */
    public static String percentiles(LatencyGroup g, LatencyUnit unit) {
        String u = " " + unit.symbol();
        return "p50 = " + unit.exact(g.p50Ns()) + u + ", p90 = " + unit.exact(g.p90Ns()) + u
                + ", p99 = " + unit.exact(g.p99Ns()) + u + ", p99.9 = " + unit.exact(g.p999Ns()) + u
                + ", max = " + unit.exact(g.maxNs()) + u;
    }

    private static String histogram(LatencyGroup g, LatencyUnit unit, Long linearStep, String by) {
        if (linearStep == null) {
            Log2Histogram h = new Log2Histogram();
            g.buckets().forEach(b -> h.addSlot((int) b.index(), b.count()));
            return h.format(unit.label());
        }
        LinearHistogram h = new LinearHistogram(linearStep);
        g.buckets().forEach(b -> h.addIndex(b.index(), b.count()));
        if (h.rows() > LINEAR_MAX_ROWS) {
            String which = by == null ? "" : " for " + by + " = " + g.key();
            throw new UserError("--linear " + linearStep + " would print " + h.rows() + " rows" + which
                    + " (latencies up to " + unit.exact(g.maxNs()) + " " + unit.symbol() + ")",
                    "choose a larger STEP (at most " + LINEAR_MAX_ROWS + " rows), a larger --unit, or leave out --linear for log2 buckets");
        }
        return h.format(unit.label());
    }
}
