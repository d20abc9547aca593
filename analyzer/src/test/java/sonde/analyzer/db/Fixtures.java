package sonde.analyzer.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/**
 * Recording directories for tests, written by DuckDB itself as the recorder lays them out:
 * {@code DIR/<kind>/host=H/date=D/<id>-<seq>.parquet}, with exactly the columns and types of
 * disk_io.avsc and recording.avsc (DatasetTest checks that against the schema jar).
 */
public final class Fixtures {
    /** 2026-11-27T10:00:00Z in epoch ns: the start of every fixture recording. */
    public static final long T0 = Instant.parse("2026-11-27T10:00:00Z").getEpochSecond() * 1_000_000_000L;
    public static final long MS = 1_000_000L;

    static final String DISK_IO_TABLE = "CREATE TABLE d (recording_id VARCHAR, event_seq BIGINT, ts_ns BIGINT, issue_ts_ns BIGINT,"
            + " complete_ts_ns BIGINT, latency_ns BIGINT, queue_ns BIGINT, dev INTEGER, dev_major INTEGER,"
            + " dev_minor INTEGER, device VARCHAR, sector BIGINT, bytes BIGINT, rwbs VARCHAR, op VARCHAR,"
            + " error INTEGER, pid INTEGER, tid INTEGER, comm VARCHAR, kernel_thread BOOLEAN, requeues INTEGER,"
            + " partial_completions INTEGER, writeback_pid INTEGER, writeback_comm VARCHAR, writeback_ino BIGINT,"
            + " writeback_bdi VARCHAR, pairing_uncertain BOOLEAN, merged_bio BOOLEAN DEFAULT false)";

    /**
     * One block request; issued 10 µs after it was first seen, completed after latencyNs (null:
     * never); uncertain: open while events were lost (pairing_uncertain).
     */
    public record Io(long tsNs, int pid, String comm, String device, String op, long bytes, Long latencyNs,
                     boolean uncertain) {
        public Io(long tsNs, int pid, String comm, String device, String op, long bytes, Long latencyNs) {
            this(tsNs, pid, comm, device, op, bytes, latencyNs, false);
        }
    }

    private Fixtures() {
    }

    /**
     * The recording most tests use, on host h1, 2026-11-27 10:00:00 to 10:00:10 UTC:
     * dd (pid 100) writes 3 x to vda (one never completes), postgres (200) reads 2 x 16 KiB
     * from vda, kworker/u8:1 (300) writes 2 x 512 B to vdb with latencies 1 and 2 ns, sh (400)
     * reads 4 x 4 KiB from vdb.
     */
    public static Path standard(Path dir, long lostEvents) {
        diskIo(dir, "h1", "r1-0", List.of(
                new Io(T0 + 100 * MS, 100, "dd", "vda", "W", 4096, 1_000_000L),
                new Io(T0 + 1000 * MS, 100, "dd", "vda", "W", 4096, 3_000_000L),
                new Io(T0 + 6000 * MS, 100, "dd", "vda", "W", 8192, null),
                new Io(T0 + 2000 * MS, 200, "postgres", "vda", "R", 16384, 500_000L),
                new Io(T0 + 7000 * MS, 200, "postgres", "vda", "R", 16384, 1_500_000L),
                new Io(T0 + 3000 * MS, 300, "kworker/u8:1", "vdb", "W", 512, 1L),
                new Io(T0 + 4000 * MS, 300, "kworker/u8:1", "vdb", "W", 512, 2L),
                new Io(T0 + 500 * MS, 400, "sh", "vdb", "R", 4096, 100_000L),
                new Io(T0 + 1500 * MS, 400, "sh", "vdb", "R", 4096, 100_000L),
                new Io(T0 + 2500 * MS, 400, "sh", "vdb", "R", 4096, 100_000L),
                new Io(T0 + 8000 * MS, 400, "sh", "vdb", "R", 4096, 100_000L)));
        recording(dir, "h1", "r1-0", T0, T0 + 10_000 * MS, lostEvents);
        return dir;
    }

    /** Writes {@code DIR/disk_io/host=H/date=2026-11-27/NAME.parquet}. */
    public static Path diskIo(Path dir, String host, String name, List<Io> rows) {
        Path file = partition(dir, "disk_io", host).resolve(name + ".parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute(DISK_IO_TABLE);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO d VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, false)")) {
                long seq = 0;
                for (Io io : rows) {
                    bind(ps, io, seq++);
                    ps.execute();
                }
            }
            st.execute("COPY d TO " + Views.literal(file.toString()) + " (FORMAT parquet)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    private static void bind(PreparedStatement ps, Io io, long seq) throws SQLException {
        long issue = io.tsNs() + 10_000;
        int minor = io.device().equals("vda") ? 0 : 16;
        ps.setString(1, "r1");
        ps.setLong(2, seq);
        ps.setLong(3, io.tsNs());
        ps.setLong(4, issue);
        ps.setObject(5, io.latencyNs() == null ? null : issue + io.latencyNs(), Types.BIGINT);
        ps.setObject(6, io.latencyNs(), Types.BIGINT);
        ps.setLong(7, 10_000);
        ps.setInt(8, 253 << 20 | minor);
        ps.setInt(9, 253);
        ps.setInt(10, minor);
        ps.setString(11, io.device());
        ps.setLong(12, io.tsNs() % 1_000_000);
        ps.setLong(13, io.bytes());
        ps.setString(14, io.op());
        ps.setString(15, io.op());
        ps.setObject(16, io.latencyNs() == null ? null : 0, Types.INTEGER);
        ps.setInt(17, io.pid());
        ps.setInt(18, io.pid());
        ps.setString(19, io.comm());
        ps.setBoolean(20, io.comm().startsWith("kworker"));
        ps.setInt(21, 0);
        ps.setInt(22, io.latencyNs() == null ? 0 : 1);
        ps.setBoolean(23, io.uncertain());
    }

    /** Writes a recording row, with a MAP of options and a LIST of STRUCT lost_events. */
    public static Path recording(Path dir, String host, String name, long startNs, long endNs, long lostEvents) {
        Path file = partition(dir, "recording", host).resolve(name + ".parquet");
        String lost = lostEvents == 0 ? "[]"
                : "[{'source': 'tracefs', 'kind': 'disk_io', 'cpu': 1, 'lost_events': " + lostEvents + "}]";
        String sql = "COPY (SELECT 'r1' AS recording_id, '0.1.0' AS sonde_version, '6.1.0-test' AS kernel_release,"
                + " 2 AS cpus, 4242 AS recorder_pid, 'record --disk' AS command_line,"
                + " MAP {'kinds': 'disk', 'buffer_mb': '8'} AS options,"
                + " ['block:block_rq_issue', 'block:block_rq_complete'] AS tracepoints,"
                + " " + startNs + "::BIGINT AS start_ts_ns, " + endNs + "::BIGINT AS end_ts_ns,"
                + " 1700000000000000000::BIGINT AS clock_offset_ns, 'mono' AS trace_clock,"
                + " MAP {'disk_io': 11::BIGINT} AS event_counts,"
                + " " + lost + "::STRUCT(source VARCHAR, kind VARCHAR, cpu INTEGER, lost_events BIGINT)[] AS lost_events,"
                + " " + lostEvents + "::BIGINT AS lost_events_total,"
                + " MAP {'disk_io.incomplete': 1::BIGINT} AS counters,"
                + " ['disk_io/host=" + host + "/date=2026-11-27/r1-0.parquet'] AS files, 'signal' AS ended_by)"
                + " TO " + Views.literal(file.toString()) + " (FORMAT parquet)";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    /** Writes the result of a query as DIR/KIND/host=h1/date=2026-11-27/NAME.parquet (odd files for edge cases). */
    public static Path sql(Path dir, String kind, String name, String select) {
        Path file = partition(dir, kind, "h1").resolve(name + ".parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (" + select + ") TO " + Views.literal(file.toString()) + " (FORMAT parquet)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    /** A file with a .parquet name that is not Parquet (a crash mid-write, a stray copy). */
    public static Path garbage(Path dir, String kind, String name, byte[] bytes) {
        Path file = partition(dir, kind, "h1").resolve(name);
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    public static Path partition(Path dir, String kind, String host) {
        Path p = dir.resolve(kind).resolve("host=" + host).resolve("date=2026-11-27");
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
