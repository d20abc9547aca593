package sonde.analyzer.report;

/**
 * Where things go in the heat map SVG, in px: the plot's top-left corner, the cell size (the
 * plot is about 960 x 480 px whatever the number of cells, cells at least 1 px wide and 8 px
 * high), and room for the titles above, the time axis below, the latency axis on the left
 * and the legend on the right.
 */
public record HeatmapLayout(int cols, int rows, int cellWidth, int cellHeight) {
    public static final int PLOT_X = 84;
    public static final int PLOT_Y = 84;
    private static final int LEGEND_WIDTH = 190;
    private static final int BELOW = 58;
    private static final int MIN_PLOT_HEIGHT = 230;

    public static HeatmapLayout of(int cols, int rows) {
        return new HeatmapLayout(cols, rows, Math.max(1, 960 / cols), Math.max(8, Math.min(24, 480 / rows)));
    }

    public int plotWidth() {
        return cols * cellWidth;
    }

    public int plotHeight() {
        return rows * cellHeight;
    }

    public int plotBottom() {
        return PLOT_Y + plotHeight();
    }

    public int width() {
        return PLOT_X + plotWidth() + LEGEND_WIDTH;
    }

    public int height() {
        return PLOT_Y + Math.max(plotHeight(), MIN_PLOT_HEIGHT) + BELOW;
    }

    public int cellX(int col) {
        return PLOT_X + col * cellWidth;
    }

    /** Top edge of a row; row 0 is at the bottom. */
    public int cellY(int row) {
        return PLOT_Y + (rows - 1 - row) * cellHeight;
    }

    public int legendX() {
        return PLOT_X + plotWidth() + 26;
    }
}
