package sonde.analyzer.report;

import sonde.analyzer.hist.Log2Histogram;

/**
 * The cells of a heat map laid out for drawing: columns are time slices, rows are log2
 * latency slots from {@link #lowSlot} (row 0, drawn at the bottom) up to the highest slot that
 * holds an I/O. When fewer rows are asked for than the data spans, the bottom row also holds
 * everything faster ({@link #folded}). Colour steps 1 to {@link #STEPS} divide the largest
 * cell count into equal parts; 0 is white.
 */
public final class HeatmapGrid {
    public static final int STEPS = 8;

    private final HeatmapCells cells;
    private final int lowSlot;
    private final boolean folded;
    private final long[][] counts;
    private final long max;

    private HeatmapGrid(HeatmapCells cells, int lowSlot, boolean folded, long[][] counts, long max) {
        this.cells = cells;
        this.lowSlot = lowSlot;
        this.folded = folded;
        this.counts = counts;
        this.max = max;
    }

    /** @param rows the rows wanted, or null for as many as the data spans */
    public static HeatmapGrid of(HeatmapCells cells, Integer rows) {
        int min = Integer.MAX_VALUE;
        int high = 0;
        for (HeatmapCells.Cell c : cells.cells()) {
            min = Math.min(min, c.slot());
            high = Math.max(high, c.slot());
        }
        int n = rows == null ? high - min + 1 : Math.min(rows, high);
        int low = high - n + 1;
        long[][] counts = new long[n][cells.cols()];
        long max = 0;
        for (HeatmapCells.Cell c : cells.cells()) {
            int row = Math.max(c.slot(), low) - low;
            counts[row][c.col()] += c.count();
            max = Math.max(max, counts[row][c.col()]);
        }
        return new HeatmapGrid(cells, low, min < low, counts, max);
    }

    public HeatmapCells cells() {
        return cells;
    }

    public int rows() {
        return counts.length;
    }

    public int cols() {
        return cells.cols();
    }

    public int lowSlot() {
        return lowSlot;
    }

    /** Whether row 0 also holds the latencies below its slot. */
    public boolean folded() {
        return folded;
    }

    public long count(int row, int col) {
        return counts[row][col];
    }

    /** The largest cell count. */
    public long max() {
        return max;
    }

    /** Lowest latency of a row in us: 0 for a folded bottom row. */
    public long lowUs(int row) {
        return row == 0 && folded ? 0 : Log2Histogram.low(lowSlot + row);
    }

    /** Highest latency of a row in us (inclusive). */
    public long highUs(int row) {
        return Log2Histogram.high(lowSlot + row);
    }

    /** Colour step of a count: 0 for none, else 1 to STEPS, the largest count being STEPS. */
    public int step(long count) {
        return count == 0 ? 0 : (int) ((count * STEPS + max - 1) / max);
    }

    /** Lowest count drawn in colour {@code step} (1 to STEPS); above {@link #stepHigh} when no count can be. */
    public long stepLow(int step) {
        return (step - 1) * max / STEPS + 1;
    }

    public long stepHigh(int step) {
        return step * max / STEPS;
    }
}
