package sonde.analyzer.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What heatmap.sql returns: the time window split into {@code cols} equal slices (each a round
 * width, starting at a multiple of it on the UTC clock), and the non-empty cells.
 *
 * @param startNs window start, wall-clock epoch ns
 * @param endNs   window end
 */
public record HeatmapCells(long startNs, long endNs, int cols, List<Cell> cells) {
    /** @param slot bcc log2 slot of the latency in microseconds (see {@link sonde.analyzer.hist.Log2Histogram}) */
    public record Cell(int col, int slot, long count) {
    }

    public HeatmapCells {
        cells = List.copyOf(cells);
    }

    /** Reads heatmap.sql's rows; null when there are none (nothing completed). */
    public static HeatmapCells readAll(ResultSet rs) throws SQLException {
        List<Cell> cells = new ArrayList<>();
        long start = 0;
        long end = 0;
        int cols = 0;
        while (rs.next()) {
            cells.add(new Cell(rs.getInt("col"), rs.getInt("slot"), rs.getLong("count")));
            start = rs.getLong("start_ns");
            end = rs.getLong("end_ns");
            cols = rs.getInt("cols");
        }
        return cells.isEmpty() ? null : new HeatmapCells(start, end, cols, cells);
    }

    public long total() {
        return cells.stream().mapToLong(Cell::count).sum();
    }
}
