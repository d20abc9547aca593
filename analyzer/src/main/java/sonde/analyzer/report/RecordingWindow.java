package sonde.analyzer.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.db.SqlFiles;
import sonde.recorder.cli.Durations;
import sonde.recorder.cli.TerminalText;

/**
 * When a recording ran, where, and what it lost: the first line of every text report
 * (window.sql). Times are wall-clock epoch ns; null where there is nothing to take them from.
 *
 * @param recordings  rows in the recording view; 0 when the metadata is missing
 * @param lostEvents  sum of recording.lost_events_total; null when there is no recording row
 * @param incomplete  disk_io rows without a completion, under the current pid/comm filter
 * @param diskLatencyLeftOut disk_io rows with a latency that latency figures leave out (marked
 *                    pairing_uncertain), under the current pid/comm/from/to variables
 * @param vfsLatencyLeftOut  the same for vfs_io
 * @param hosts       comma-separated host names, or null
 */
public record RecordingWindow(long recordings, Long startNs, Long endNs, Long lostEvents,
                              long ioRows, Long ioFirstNs, Long ioLastNs, long incomplete,
                              long diskLatencyLeftOut, long vfsLatencyLeftOut, String hosts) {
    public static final String SQL = "window.sql";

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /** Runs window.sql; reads the pid and comm variables already set on {@code ds}. */
    public static RecordingWindow read(Dataset ds) {
        return ds.query(SQL, SqlFiles.load(SQL), RecordingWindow::from);
    }

    private static RecordingWindow from(ResultSet rs) throws SQLException {
        rs.next();
        return new RecordingWindow(rs.getLong("recordings"), nullableLong(rs, "start_ns"),
                nullableLong(rs, "end_ns"), nullableLong(rs, "lost_events"), rs.getLong("io_rows"),
                nullableLong(rs, "io_first_ns"), nullableLong(rs, "io_last_ns"), rs.getLong("incomplete"),
                rs.getLong("disk_latency_left_out"), rs.getLong("vfs_latency_left_out"), rs.getString("hosts"));
    }

    public boolean metadataMissing() {
        return recordings == 0;
    }

    /**
     * "recording 2026-11-27 10:00:00.000 to 10:00:10.000 UTC (10.0 s) on h1, 0 lost events",
     * with a warning when events were lost or the recording row is missing.
     */
    public String headerLine() {
        String on = " on " + (hosts == null ? "an unknown host" : TerminalText.escape(hosts));
        if (!metadataMissing()) {
            String what = recordings == 1 ? "recording " : recordings + " recordings ";
            String lost = lostEvents == 0 ? ", 0 lost events"
                    : ", " + lostEvents + " lost events (WARNING: the kernel dropped events; counts are low)";
            return what + span(startNs, endNs) + on + lost;
        }
        if (ioRows > 0) {
            return "disk I/O " + span(ioFirstNs, ioLastNs) + on
                    + "; recording metadata missing (recorder killed?): lost events unknown";
        }
        return "no recording metadata and no disk I/O" + (hosts == null ? "" : on);
    }

    /** One line for stderr when the numbers need a caveat (json and csv have no header), or null. */
    public String warning() {
        if (metadataMissing()) {
            return ioRows > 0 ? "recording metadata missing (recorder killed?): lost events unknown" : null;
        }
        return lostEvents > 0 ? lostEvents + " events lost while recording; counts are low" : null;
    }

    /** Rows of the layer that latency figures leave out (marked pairing_uncertain). */
    public long latencyLeftOut(Layer layer) {
        return layer == Layer.DISK ? diskLatencyLeftOut : vfsLatencyLeftOut;
    }

    /**
     * "12 requests left out of the latency figures: open while events were lost, their two ends
     * may be two requests' (pairing_uncertain)", or null when there are none.
     */
    public String latencyLeftOutLine(Layer layer) {
        return leftOutLine(latencyLeftOut(layer), layer, "latency figures");
    }

    /** The same sentence for {@code n} rows left out of {@code what}; null when {@code n} is 0. */
    public static String leftOutLine(long n, Layer layer, String what) {
        if (n == 0) {
            return null;
        }
        String rows = layer == Layer.DISK ? (n == 1 ? " request" : " requests") : (n == 1 ? " call" : " calls");
        return n + rows + " left out of the " + what + ": open while the kernel lost events, so their two ends"
                + " may be two " + (layer == Layer.DISK ? "requests'" : "calls'") + " (pairing_uncertain)";
    }

    private static String span(long fromNs, long toNs) {
        Instant from = instant(fromNs);
        Instant to = instant(toNs);
        boolean sameDay = DATE_TIME.format(from).substring(0, 10).equals(DATE_TIME.format(to).substring(0, 10));
        return DATE_TIME.format(from) + " to " + (sameDay ? TIME : DATE_TIME).format(to) + " UTC ("
                + Durations.format(Math.max(0, toNs - fromNs)) + ")";
    }

    private static Instant instant(long ns) {
        return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
