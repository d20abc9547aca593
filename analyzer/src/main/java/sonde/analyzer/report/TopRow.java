package sonde.analyzer.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of top.sql or top_interval.sql.
 *
 * @param intervalStart ISO-8601 UTC start of the interval, or null for whole-recording totals
 * @param pid           null when grouped by device
 * @param comm          null when grouped by device
 * @param avgLatencyNs  null when no request of the row completed
 * @param writeback     the bytes were written back by a kernel flusher for this process
 * @param latencyLeftOut requests that avgLatencyNs leaves out (marked pairing_uncertain)
 */
public record TopRow(String intervalStart, Integer pid, String comm, String device, String op,
                     long ios, long bytes, Long avgLatencyNs, boolean writeback, long latencyLeftOut) {

    public static List<TopRow> readAll(ResultSet rs) throws SQLException {
        boolean intervals = rs.getMetaData().getColumnLabel(1).equals("interval_start");
        List<TopRow> rows = new ArrayList<>();
        while (rs.next()) {
            int pid = rs.getInt("pid");
            Integer boxedPid = rs.wasNull() ? null : pid;
            long avg = rs.getLong("avg_latency_ns");
            Long boxedAvg = rs.wasNull() ? null : avg;
            rows.add(new TopRow(intervals ? rs.getString("interval_start") : null, boxedPid,
                    rs.getString("comm"), rs.getString("device"), rs.getString("op"),
                    rs.getLong("ios"), rs.getLong("bytes"), boxedAvg, rs.getBoolean("writeback"),
                    rs.getLong("latency_left_out")));
        }
        return rows;
    }
}
