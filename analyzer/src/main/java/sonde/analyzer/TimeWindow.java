package sonde.analyzer;

import sonde.analyzer.db.Dataset;
import sonde.analyzer.db.SqlFiles;
import sonde.analyzer.report.TimeBound;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.UsageException;

/**
 * --from / --to of a command (see {@link TimeBound}): parsed with the other options, then
 * bound as the DuckDB variables from_ns and to_ns (wall-clock epoch ns), offsets counted from
 * the recording start (recording_start.sql). Never written into SQL text.
 */
final class TimeWindow {
    static final String START_SQL = "recording_start.sql";

    private final TimeBound from;
    private final TimeBound to;
    private final String fromText;
    private final String toText;

    private TimeWindow(Args a) {
        fromText = a.get("from");
        toText = a.get("to");
        from = fromText == null ? null : TimeBound.parse("--from", fromText);
        to = toText == null ? null : TimeBound.parse("--to", toText);
    }

    /** Parses the options; a bad value is a usage error before any data is read. */
    static TimeWindow of(Args a) {
        return new TimeWindow(a);
    }

    boolean given() {
        return from != null || to != null;
    }

    void bind(Dataset ds) {
        if (!given()) {
            return;
        }
        Long start = ds.query(START_SQL, SqlFiles.load(START_SQL), rs -> {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? null : v;
        });
        long origin = start == null ? 0 : start;
        Long fromNs = from == null ? null : from.resolve(origin);
        Long toNs = to == null ? null : to.resolve(origin);
        if (fromNs != null && toNs != null && toNs <= fromNs) {
            throw new UsageException("bad --to '" + toText + "': not after --from '" + fromText + "'");
        }
        ds.set("from_ns", fromNs);
        ds.set("to_ns", toNs);
    }
}
