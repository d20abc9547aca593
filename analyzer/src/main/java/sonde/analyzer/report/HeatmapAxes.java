package sonde.analyzer.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import sonde.analyzer.out.Xml;

/**
 * The two axes of a heat map as SVG elements: time in seconds along the bottom (ticks at 1, 2
 * or 5 times a power of ten, at most 10 of them after 0), latency up the left side (a label
 * at every row boundary, or every other one when rows are too thin for text).
 */
final class HeatmapAxes {
    private static final String TICK = "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/><text x=\"%d\" y=\"%d\">%s</text>\n";

    private HeatmapAxes() {
    }

    static void time(HeatmapGrid g, HeatmapLayout l, String title, Appendable out) throws IOException {
        BigDecimal span = BigDecimal.valueOf(Math.max(1, g.cells().endNs() - g.cells().startNs()), 9);
        BigDecimal step = niceStep(span);
        int y = l.plotBottom();
        for (BigDecimal t = BigDecimal.ZERO; t.compareTo(span) <= 0; t = t.add(step)) {
            long x = HeatmapLayout.PLOT_X + t.multiply(BigDecimal.valueOf(l.plotWidth())).divide(span, 0, RoundingMode.HALF_UP).longValue();
            out.append(String.format(Locale.ROOT, TICK, x, y, x, y + 5, x, y + 18, HeatmapLabels.seconds(t)));
        }
        out.append(String.format(Locale.ROOT, "<text class=\"axis-title\" x=\"%d\" y=\"%d\">%s</text>\n",
                HeatmapLayout.PLOT_X + l.plotWidth() / 2, y + 38, Xml.escape(title)));
    }

    static void latency(HeatmapGrid g, HeatmapLayout l, Appendable out) throws IOException {
        int every = (13 + l.cellHeight() - 1) / l.cellHeight();
        int x = HeatmapLayout.PLOT_X;
        for (int b = 0; b <= g.rows(); b += every) {
            int y = l.plotBottom() - b * l.cellHeight();
            long us = b < g.rows() ? g.lowUs(b) : edgeAbove(g.highUs(g.rows() - 1));
            out.append(String.format(Locale.ROOT, TICK, x - 5, y, x, y, x - 8, y, HeatmapLabels.latency(us)));
        }
        int cy = HeatmapLayout.PLOT_Y + l.plotHeight() / 2;
        out.append(String.format(Locale.ROOT, "<text class=\"axis-title\" x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\">"
                + "latency</text>\n", cy, cy));
    }

    /** 1, 2 or 5 times a power of ten: the smallest such step that crosses {@code span} in at most 10. */
    static BigDecimal niceStep(BigDecimal span) {
        BigDecimal tenth = span.divide(BigDecimal.TEN);
        BigDecimal power = BigDecimal.ONE.movePointLeft(9);
        while (true) {
            for (int m : new int[] {1, 2, 5}) {
                BigDecimal step = power.multiply(BigDecimal.valueOf(m));
                if (step.compareTo(tenth) >= 0) {
                    return step;
                }
            }
            power = power.movePointRight(1);
        }
    }

    private static long edgeAbove(long highUs) {
        return highUs == Long.MAX_VALUE ? highUs : highUs + 1;
    }
}
