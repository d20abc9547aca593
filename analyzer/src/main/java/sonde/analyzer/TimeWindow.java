package sonde.analyzer;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import sonde.analyzer.db.Dataset;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Durations;
import sonde.recorder.cli.UsageException;

/**
 * --from / --to: an ISO-8601 UTC instant (2026-11-27T10:00:05Z, fractions allowed) or an
 * offset from the recording's start (+5s, +1m30s is not: one unit). Bound as the DuckDB
 * variables from_ns and to_ns (wall-clock epoch ns), never written into SQL.
 */
final class TimeWindow {
    private static final String START_SQL = "SELECT coalesce((SELECT min(start_ts_ns) FROM recording),"
            + " (SELECT min(ts_ns) FROM disk_io), (SELECT min(ts_ns) FROM vfs_io), (SELECT min(ts_ns) FROM cpu_sample))";

    private TimeWindow() {
    }

    static void bind(Dataset ds, Args a) {
        String from = a.get("from");
        String to = a.get("to");
        Long start = null;
        if ((from != null && from.startsWith("+")) || (to != null && to.startsWith("+"))) {
            start = ds.query("recording start", START_SQL, rs -> rs.next() ? (Long) rs.getObject(1) : null);
        }
        Long fromNs = from == null ? null : parse("--from", from, start);
        Long toNs = to == null ? null : parse("--to", to, start);
        if (fromNs != null && toNs != null && toNs <= fromNs) {
            throw new UsageException("bad --to '" + to + "': not after --from '" + from + "'");
        }
        ds.set("from_ns", fromNs);
        ds.set("to_ns", toNs);
    }

    /** @param startNs the recording start, needed for +offsets (null when there is no data) */
    static Long parse(String option, String value, Long startNs) {
        if (value.startsWith("+")) {
            long offset;
            try {
                offset = Durations.parseNs(option, value.substring(1));
            } catch (UsageException e) {
                throw new UsageException("bad " + option + " '" + value + "': expected an offset such as +5s, +500ms or +2m");
            }
            return startNs == null ? offset : startNs + offset;
        }
        try {
            Instant t = Instant.parse(value);
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            throw new UsageException("bad " + option + " '" + value
                    + "': expected an ISO-8601 UTC time such as 2026-11-27T10:00:05Z, or an offset such as +5s");
        }
    }
}
