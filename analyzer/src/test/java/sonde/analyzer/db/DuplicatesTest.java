package sonde.analyzer.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.sink.FileCloseHook;
import sonde.recorder.sink.OutputDir;
import sonde.recorder.sink.ParquetSink;
import sonde.schema.DiskIo;

/**
 * The views hold each row once: a row that ingested files hold twice (a recorder sent it again)
 * is counted once, and files that cannot hold a row twice are read without DISTINCT ON. Real
 * Parquet files written by the recorder's sink with the footer the ingester gives them.
 */
class DuplicatesTest {
    private static final long NO_ROTATION = Long.MAX_VALUE / 2;

    @TempDir
    Path tmp;

    private static DiskIo row(String recordingId, long seq) {
        long ts = Fixtures.T0 + seq * Fixtures.MS;
        return new DiskIo(recordingId, seq, ts, ts + 10_000, ts + 110_000, 100_000L, 10_000L, 253 << 20, 253, 0, "vda",
                seq * 8, 4096L, "W", "W", 0, 100, 100, "dd", false, 0, 1, null, null, null, null, false, false);
    }

    private static List<DiskIo> rows(String recordingId, long... seqs) {
        List<DiskIo> l = new ArrayList<>();
        for (long s : seqs) {
            l.add(row(recordingId, s));
        }
        return l;
    }

    /** One file named as an ingester names its files; with its seq ranges in the footer unless {@code ranges} is false. */
    private void ingested(String name, boolean ranges, List<DiskIo> rows) throws IOException {
        SeqRanges seqs = new SeqRanges();
        ParquetSink sink = new ParquetSink(OutputDir.prepare(tmp), "h1", name, NO_ROTATION, NO_ROTATION).withCloseHook(new FileCloseHook() {
            @Override
            public Map<String, String> footer(String kind) {
                return ranges ? Map.of(SeqRanges.KEY, seqs.format()) : Map.of();
            }

            @Override
            public void beforeRename(String kind, Path file) {
            }
        });
        for (DiskIo r : rows) {
            seqs.add(r.getRecordingId(), r.getEventSeq());
            sink.write(r);
        }
        sink.close();
    }

    private long count(String sql) {
        try (Dataset ds = Dataset.open(tmp)) {
            return ds.query("q", sql, rs -> rs.next() ? rs.getLong(1) : -1L);
        }
    }

    private String viewSql() {
        try (Dataset ds = Dataset.open(tmp)) {
            return ds.query("q", "SELECT sql FROM duckdb_views() WHERE view_name = 'disk_io'", rs -> rs.next() ? rs.getString(1) : "");
        }
    }

    @Test
    void aRowInTwoIngestedFilesIsCountedOnce() throws IOException {
        ingested("ingest-a", true, rows("r1", 0, 1, 2, 3));
        ingested("ingest-b", true, rows("r1", 3, 4, 5));
        ingested("ingest-c", true, rows("r1", 6, 7));
        assertEquals(8, count("SELECT count(*) FROM disk_io"));
        assertEquals(8 * 4096, count("SELECT sum(bytes) FROM disk_io"));
        String sql = viewSql();
        assertTrue(sql.contains("DISTINCT ON"), sql);
        assertFalse(sql.substring(sql.indexOf("DISTINCT ON")).contains("ingest-c"), "only the overlapping files are de-duplicated: " + sql);
    }

    @Test
    void aRowTwiceInOneFileIsCountedOnce() throws IOException {
        ingested("ingest-a", true, rows("r1", 0, 1, 2, 1, 2, 3));
        ingested("ingest-b", true, rows("r2", 0, 1, 2, 1, 2, 3));
        assertEquals(8, count("SELECT count(*) FROM disk_io"));
        assertEquals(4, count("SELECT count(*) FROM disk_io WHERE recording_id = 'r2'"));
    }

    @Test
    void filesThatCannotHoldARowTwiceAreReadWithoutDistinct() throws IOException {
        ingested("ingest-a", true, rows("r1", 0, 1, 2));
        ingested("ingest-b", true, rows("r1", 3, 4, 5));
        ingested("ingest-c", true, rows("r2", 0, 1, 2));
        assertEquals(9, count("SELECT count(*) FROM disk_io"));
        assertFalse(viewSql().contains("DISTINCT"), viewSql());
    }

    @Test
    void ingestedFilesWithoutRangesAreDeduplicated() throws IOException {
        ingested("ingest-a", false, rows("r1", 0, 1, 2));
        ingested("ingest-b", false, rows("r1", 2, 3));
        assertEquals(4, count("SELECT count(*) FROM disk_io"));
    }

    @Test
    void rowsOfRecordersWithoutEventSeqAreNotMerged() throws IOException {
        ingested("ingest-a", true, rows("old", 0, 0, 0));
        ingested("ingest-b", true, rows("new", 0, 1, 1));
        assertEquals(3, count("SELECT count(*) FROM disk_io WHERE recording_id = 'old'"), "schema v1 rows all read as event_seq 0");
        assertEquals(2, count("SELECT count(*) FROM disk_io WHERE recording_id = 'new'"));
    }

    @Test
    void aLocalRecordingIsReadAsItIs() throws IOException {
        new Recorded().disk(Fixtures.T0, 1, "dd", "vda", "W", 1000L).disk(Fixtures.T0 + 1, 1, "dd", "vda", "W", 1000L)
                .write(tmp, Fixtures.T0, Fixtures.T0 + 10);
        assertEquals(2, count("SELECT count(*) FROM disk_io"));
        assertFalse(viewSql().contains("DISTINCT"), viewSql());
    }
}
