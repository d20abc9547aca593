package sonde.analyzer.report;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import sonde.analyzer.out.Template;
import sonde.analyzer.out.Xml;

/**
 * A latency heat map as a self-contained SVG, streamed into heatmap.svg.tmpl (which holds the
 * skeleton, the styles and the palette). Filled in here: one {@code <g>} per non-empty cell
 * with its {@code <title>} tooltip first, then its {@code <rect>} of colour class s1..s8; the
 * axes; the legend. Cells that are empty are not drawn: the white plot shows through. With
 * no data the same skeleton carries only the titles and a message.
 */
public final class HeatmapSvg {
    private static final Template TEMPLATE = Template.load(HeatmapSvg.class, "/sonde/analyzer/heatmap/heatmap.svg.tmpl");

    /**
     * The words around the picture.
     *
     * @param timeAxis the time axis title ("seconds since recording start")
     * @param message  shown over the plot when there is nothing to draw, else ""
     */
    public record Texts(String title, String subtitle, String details, String timeAxis, String message) {
    }

    private HeatmapSvg() {
    }

    /** @param grid null when nothing completed: then only the texts and the message are drawn */
    public static void write(HeatmapGrid grid, Texts texts, Writer out) throws IOException {
        HeatmapLayout l = grid == null ? HeatmapLayout.of(60, 10) : HeatmapLayout.of(grid.cols(), grid.rows());
        Map<String, Object> slots = new LinkedHashMap<>();
        slots.put("width", l.width());
        slots.put("height", l.height());
        slots.put("center", l.width() / 2);
        slots.put("title", texts.title()); // plain values are escaped by the template
        slots.put("subtitle", texts.subtitle());
        slots.put("details", texts.details());
        slots.put("plot_x", HeatmapLayout.PLOT_X);
        slots.put("plot_y", HeatmapLayout.PLOT_Y);
        slots.put("plot_width", l.plotWidth());
        slots.put("plot_height", l.plotHeight());
        slots.put("cells", (Template.Content) o -> cells(grid, l, o));
        slots.put("xaxis", (Template.Content) o -> {
            if (grid != null) {
                HeatmapAxes.time(grid, l, texts.timeAxis(), o);
            }
        });
        slots.put("yaxis", (Template.Content) o -> {
            if (grid != null) {
                HeatmapAxes.latency(grid, l, o);
            }
        });
        slots.put("legend", (Template.Content) o -> legend(grid, l, o));
        slots.put("message_x", HeatmapLayout.PLOT_X + l.plotWidth() / 2);
        slots.put("message_y", HeatmapLayout.PLOT_Y + l.plotHeight() / 2);
        slots.put("message", texts.message());
        TEMPLATE.write(out, slots);
    }

    private static void cells(HeatmapGrid g, HeatmapLayout l, Appendable out) throws IOException {
        if (g == null) {
            return;
        }
        int decimals = HeatmapLabels.decimals(g.cells().endNs() - g.cells().startNs(), g.cols());
        for (int row = 0; row < g.rows(); row++) {
            for (int col = 0; col < g.cols(); col++) {
                long n = g.count(row, col);
                if (n > 0) {
                    out.append(String.format(Locale.ROOT,
                            "<g><title>%s</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"s%d\"/></g>\n",
                            Xml.escape(HeatmapLabels.tooltip(g, row, col, decimals)), l.cellX(col), l.cellY(row),
                            l.cellWidth(), l.cellHeight(), g.step(n)));
                }
            }
        }
    }

    /** Swatches from the darkest step down to white (0), each with the counts it stands for. */
    private static void legend(HeatmapGrid g, HeatmapLayout l, Appendable out) throws IOException {
        if (g == null) {
            return;
        }
        int x = l.legendX();
        int y = HeatmapLayout.PLOT_Y;
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">I/Os per cell</text>\n", x, y + 4));
        for (int step = HeatmapGrid.STEPS; step >= 0; step--) {
            long lo = step == 0 ? 0 : g.stepLow(step);
            long hi = step == 0 ? 0 : g.stepHigh(step);
            if (lo > hi) {
                continue;
            }
            y += 18;
            String label = lo == hi ? Long.toString(lo) : lo + "\u2013" + hi;
            out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" class=\"s%d\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>\n", x, y, step, x + 22, y + 7, label));
        }
    }
}
