package sonde.analyzer.html;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import sonde.analyzer.out.Template;

/**
 * A latency heat map (Brendan Gregg's): time on x, log2 latency on y (low at the bottom),
 * colour = I/O count per cell on a log scale, white for none. Cells come from report_heatmap.sql.
 */
final class HeatMap implements Template.Content {
    private static final Template MAP = Template.load(HeatMap.class, "/sonde/analyzer/html/heatmap.svg.tmpl");
    private static final Template CELL = Template.of(
            "<rect x=\"{{x}}\" y=\"{{y}}\" width=\"{{w}}\" height=\"{{h}}\" fill=\"{{fill}}\"><title>{{tip}}</title></rect>\n");
    private static final Template ROW = Template.of(
            "<text x=\"{{x}}\" y=\"{{y}}\" font-size=\"9\" text-anchor=\"end\" fill=\"#555\">{{label}}</text>\n");
    private static final int COLS = 60;
    private static final int CELL_W = 14;
    private static final int CELL_H = 12;
    private static final int LEFT = 110;

    private record Cell(int col, int slot, long count) {
    }

    private final List<Cell> cells = new ArrayList<>();
    private long widthNs;

    static HeatMap of(ResultSet rs) throws SQLException {
        HeatMap h = new HeatMap();
        while (rs.next()) {
            h.cells.add(new Cell(rs.getInt(1), rs.getInt(2), rs.getLong(3)));
            h.widthNs = rs.getLong(4);
        }
        return h;
    }

    boolean isEmpty() {
        return cells.isEmpty();
    }

    @Override
    public void writeTo(Writer out) throws IOException {
        int lo = cells.stream().mapToInt(Cell::slot).min().orElse(0);
        int hi = cells.stream().mapToInt(Cell::slot).max().orElse(0);
        long max = cells.stream().mapToLong(Cell::count).max().orElse(1);
        int top = 24;
        int height = top + (hi - lo + 1) * CELL_H + 20;
        StringWriter rows = new StringWriter();
        for (int slot = lo; slot <= hi; slot++) {
            ROW.write(rows, Map.of("x", String.valueOf(LEFT - 4), "y", String.valueOf(y(slot, hi, top) + CELL_H - 2),
                    "label", Log2Chart.range(slot)));
        }
        StringWriter body = new StringWriter();
        double colSeconds = widthNs / 1e9 / COLS;
        for (Cell c : cells) {
            CELL.write(body, Map.of("x", String.valueOf(LEFT + c.col() * CELL_W), "y", String.valueOf(y(c.slot(), hi, top)),
                    "w", String.valueOf(CELL_W - 1), "h", String.valueOf(CELL_H - 1), "fill", colour(c.count(), max),
                    "tip", String.format(Locale.ROOT, "t=%.2f-%.2f s, %s: %d I/Os", c.col() * colSeconds,
                            (c.col() + 1) * colSeconds, Log2Chart.range(c.slot()), c.count())));
        }
        MAP.write(out, Map.of("width", String.valueOf(LEFT + COLS * CELL_W + 10), "height", String.valueOf(height),
                "left", String.valueOf(LEFT), "right", String.valueOf(LEFT + COLS * CELL_W), "axisY",
                String.valueOf(height - 4), "span", String.format(Locale.ROOT, "%.1f s", widthNs / 1e9),
                "rows", (Template.Content) w -> w.write(rows.toString()), "cells", (Template.Content) w -> w.write(body.toString())));
    }

    private static int y(int slot, int hi, int top) {
        return top + (hi - slot) * CELL_H;
    }

    /** White to dark red on a log scale of the count. */
    static String colour(long count, long max) {
        double f = Math.log1p(count) / Math.log1p(Math.max(max, 1));
        int g = (int) Math.round(235 - 200 * f);
        int b = (int) Math.round(220 - 200 * f);
        return String.format(Locale.ROOT, "rgb(%d,%d,%d)", 255 - (int) (40 * f), Math.max(g, 0), Math.max(b, 0));
    }
}
