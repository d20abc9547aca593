package sonde.analyzer.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.db.SqlFiles;
import sonde.analyzer.export.internal.PprofTables;
import sonde.analyzer.export.internal.ProtoWriter;

/**
 * cpu_sample as a pprof profile (github.com/google/pprof, proto/profile.proto), gzipped, for
 * {@code go tool pprof}, Pyroscope and Grafana. Samples come from export_stacks.sql, one per
 * distinct process and stack, leaf first, with two values: [samples/count, cpu/nanoseconds],
 * the latter the sum of their period_ns. Labels: pid (number) and comm (string). Each frame is
 * a location with one line; its function has the frame's name (as name and system_name) and
 * its module as file name; each module is a mapping spanning the addresses seen in it.
 *
 * <p>Streams: samples are written as the query returns them; only the location, function and
 * mapping tables are held. The Profile's fields are written in an order protobuf allows
 * (samples first, the string table last), not in field-number order.
 */
public final class Pprof {
    static final String SQL = "export_stacks.sql";
    // profile.proto field numbers
    private static final int SAMPLE_TYPE = 1;
    private static final int SAMPLE = 2;
    private static final int TIME_NANOS = 9;
    private static final int DURATION_NANOS = 10;
    private static final int PERIOD_TYPE = 11;
    private static final int PERIOD = 12;
    private static final int COMMENT = 13;
    private static final int DEFAULT_SAMPLE_TYPE = 14;

    /** What was written. */
    public record Summary(long samples, long stacks, int locations, int functions) {
    }

    private Pprof() {
    }

    /**
     * Writes the profile of the samples that {@code ds}'s bound filters (pid, comm, from_ns,
     * to_ns, no_idle) select to {@code out}, gzipped; {@code out} is finished, not closed.
     *
     * @param comments free text for the profile ({@code pprof -comments}), e.g. the exporter
     */
    public static Summary write(Dataset ds, List<String> comments, OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16);
        PprofTables t = new PprofTables();
        Totals totals;
        try {
            totals = ds.query(SQL, SqlFiles.load(SQL), rs -> samples(rs, t, gz));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        t.writeTables(gz);
        ProtoWriter m = new ProtoWriter();
        ProtoWriter.writeField(gz, SAMPLE_TYPE, m.reset().varint(1, t.string("samples")).varint(2, t.string("count")));
        ProtoWriter.writeField(gz, SAMPLE_TYPE, m.reset().varint(1, t.string("cpu")).varint(2, t.string("nanoseconds")));
        ProtoWriter.writeField(gz, PERIOD_TYPE, m.reset().varint(1, t.string("cpu")).varint(2, t.string("nanoseconds")));
        long[] comment = comments.stream().mapToLong(t::string).toArray();
        // with no CPU time (perf events other than cpu-clock) the sample count is the one to show
        m.reset()
                .varint(PERIOD, totals.samples == 0 ? 0 : totals.periodNs / totals.samples)
                .varint(TIME_NANOS, totals.samples == 0 ? 0 : totals.firstNs)
                .varint(DURATION_NANOS, totals.samples == 0 ? 0 : totals.lastNs - totals.firstNs)
                .packed(COMMENT, comment, comment.length)
                .varint(DEFAULT_SAMPLE_TYPE, t.string(totals.periodNs == 0 ? "samples" : "cpu"));
        m.writeTo(gz);
        t.writeStrings(gz);
        gz.finish();
        return new Summary(totals.samples, totals.stacks, t.locations(), t.functions());
    }

    private static final class Totals {
        long samples;
        long stacks;
        long periodNs;
        long firstNs = Long.MAX_VALUE;
        long lastNs = Long.MIN_VALUE;
    }

    private static Totals samples(ResultSet rs, PprofTables t, OutputStream out) throws SQLException {
        Totals totals = new Totals();
        ProtoWriter sample = new ProtoWriter();
        ProtoWriter label = new ProtoWriter();
        long[] ids = new long[64];
        long[] values = new long[2];
        long pidKey = t.string("pid");
        long commKey = t.string("comm");
        try {
            while (rs.next()) {
                Object[] names = list(rs.getArray(3));
                Object[] modules = list(rs.getArray(4));
                Object[] addresses = list(rs.getArray(5));
                if (ids.length < names.length) {
                    ids = new long[names.length];
                }
                for (int i = 0; i < names.length; i++) {
                    int root = names.length - 1 - i; // pprof wants the leaf first
                    ids[i] = t.location((String) names[root], (String) modules[root], ((Number) addresses[root]).longValue());
                }
                values[0] = rs.getLong(6);
                values[1] = rs.getLong(7);
                sample.reset().packed(1, ids, names.length).packed(2, values, 2)
                        .message(3, label.reset().varint(1, pidKey).varint(3, rs.getInt(1)))
                        .message(3, label.reset().varint(1, commKey).varint(2, t.string(rs.getString(2))));
                ProtoWriter.writeField(out, SAMPLE, sample);
                totals.samples += values[0];
                totals.periodNs += values[1];
                totals.stacks++;
                totals.firstNs = Math.min(totals.firstNs, rs.getLong(8));
                totals.lastNs = Math.max(totals.lastNs, rs.getLong(9));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return totals;
    }

    private static Object[] list(Array a) throws SQLException {
        return a == null ? new Object[0] : (Object[]) a.getArray();
    }
}
