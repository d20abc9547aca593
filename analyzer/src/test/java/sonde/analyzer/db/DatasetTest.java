package sonde.analyzer.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.db.Fixtures.Io;
import sonde.analyzer.db.Kinds.Kind;
import sonde.recorder.cli.UserError;

class DatasetTest {
    @TempDir
    Path tmp;

    @Test
    void createsAViewForEveryKindInTheSchemaJar() {
        try (Dataset ds = Dataset.open(Fixtures.standard(tmp, 0))) {
            assertEquals(List.of("disk_io", "vfs_io", "cpu_sample", "recording", "jit_symbol"), ds.views());
            assertEquals(11L, count(ds, "SELECT count(*) FROM disk_io"));
            assertEquals(1L, count(ds, "SELECT count(*) FROM recording"));
        }
    }

    @Test
    void lostEventsIsNotAKind() {
        assertEquals(List.of("disk_io", "vfs_io", "cpu_sample", "recording", "jit_symbol"), Kinds.available().stream().map(Kind::name).toList());
    }

    @Test
    void aDirectoryWithOnlyDiskIoHasAnEmptyRecordingView() {
        Fixtures.diskIo(tmp, "h1", "r1-0", List.of(new Io(Fixtures.T0, 1, "dd", "vda", "W", 4096, 5L)));
        try (Dataset ds = Dataset.open(tmp)) {
            assertEquals(1L, count(ds, "SELECT count(*) FROM disk_io"));
            assertEquals(0L, count(ds, "SELECT count(*) FROM recording"));
            assertEquals(0L, count(ds, "SELECT coalesce(sum(lost_events_total), 0) FROM recording"));
            assertEquals(0L, count(ds, "SELECT count(*) FROM recording, unnest(lost_events) AS l(e) WHERE e.cpu = 1"));
        }
    }

    @Test
    void emptyViewsHaveTheColumnsAndTypesOfRecordedFiles() {
        Path full = Fixtures.standard(tmp.resolve("full"), 3);
        Path onlyIo = tmp.resolve("io");
        Fixtures.diskIo(onlyIo, "h1", "r1-0", List.of());
        Path onlyRec = tmp.resolve("rec");
        Fixtures.recording(onlyRec, "h1", "r1-0", 1, 2, 0);
        assertEquals(describe(full, "recording"), describe(onlyIo, "recording"));
        assertEquals(describe(full, "disk_io"), describe(onlyRec, "disk_io"));
    }

    @Test
    void emptyViewsHaveTheTypesTheRecordersSinkWrites() {
        Path real = new Recorded().disk(Fixtures.T0, 1, "dd", "vda", "W", 5L)
                .vfs(Fixtures.T0, 1, "dd", "write", "tmpfs", null, "/tmp/x", 7L)
                .write(tmp.resolve("real"), Fixtures.T0, Fixtures.T0 + 1);
        Path onlyRec = tmp.resolve("rec");
        Fixtures.recording(onlyRec, "h1", "r1-0", 1, 2, 0);
        assertEquals(describe(real, "disk_io"), describe(onlyRec, "disk_io"));
        assertEquals(describe(real, "vfs_io"), describe(onlyRec, "vfs_io"));
        assertEquals(describe(real, "recording"), describe(onlyRec, "recording"));
    }

    @Test
    void viewColumnsAreTheAvroFieldsThenDateAndHost() {
        Path dir = Fixtures.standard(tmp, 0);
        for (Kind kind : Kinds.available()) {
            List<String> expected = new ArrayList<>();
            for (Schema.Field f : kind.schema().getFields()) {
                expected.add(f.name());
            }
            expected.addAll(List.of("date", "host"));
            List<String> actual = describe(dir, kind.name()).stream().map(c -> c.split(" ", 2)[0]).toList();
            assertEquals(expected, actual, kind.name());
        }
    }

    @Test
    void aFieldThatNoFileHasReadsAsItsAvroDefault() {
        // a directory written before disk_io had pairing_uncertain: the queries that test it still run
        Path made = Fixtures.standard(tmp.resolve("new"), 0);
        Path old = tmp.resolve("old");
        Fixtures.sql(old, "disk_io", "r1-0", "SELECT * EXCLUDE (pairing_uncertain) FROM read_parquet("
                + Views.literal(made.resolve("disk_io") + "/**/*.parquet") + ")");
        try (Dataset ds = Dataset.open(old)) {
            assertEquals("false 11", ds.query("q", "SELECT pairing_uncertain, count(*) FROM disk_io GROUP BY ALL",
                    rs -> rs.next() ? rs.getBoolean(1) + " " + rs.getLong(2) : null));
            assertEquals(Long.valueOf(10), ds.query("latency", SqlFiles.load("latency.sql"), rs -> rs.next() ? rs.getLong("ios") : null));
        }
    }

    @Test
    void rejectsAMissingDirectory() {
        Path missing = tmp.resolve("nope");
        UserError e = assertThrows(UserError.class, () -> Dataset.open(missing));
        assertEquals("no such directory: " + missing, e.getMessage());
    }

    @Test
    void rejectsAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        UserError e = assertThrows(UserError.class, () -> Dataset.open(file));
        assertEquals(file + " is not a directory", e.getMessage());
    }

    @Test
    void rejectsADirectoryWithNoKindInside() throws Exception {
        Files.createDirectories(tmp.resolve("photos"));
        UserError e = assertThrows(UserError.class, () -> Dataset.open(tmp));
        assertEquals(tmp + " is not a sonde recording directory (no disk_io/, vfs_io/, cpu_sample/, recording/ or jit_symbol/ inside)", e.getMessage());
        assertEquals("record one with: sudo sonde record --out " + tmp, e.hint());
    }

    @Test
    void rejectsKindDirectoriesWithOnlyTemporaryFiles() throws Exception {
        Fixtures.garbage(tmp, "disk_io", ".r1-0.parquet.tmp", new byte[100]);
        UserError e = assertThrows(UserError.class, () -> Dataset.open(tmp));
        assertEquals("no recordings in " + tmp + " yet (no .parquet files under disk_io/)", e.getMessage());
        assertTrue(e.hint().contains("sudo sonde record --out " + tmp), e.hint());
    }

    @Test
    void skipsAFileThatIsNotParquetNamingItAndWhatIsWrong() {
        Fixtures.standard(tmp, 0);
        byte[] junk = new byte[5000];
        new Random(1).nextBytes(junk);
        Path bad = Fixtures.garbage(tmp, "disk_io", "r1-1.parquet", junk);
        List<String> warnings = new ArrayList<>();
        try (Dataset ds = Dataset.open(tmp, warnings::add)) {
            assertEquals(11L, count(ds, "SELECT count(*) FROM disk_io"), "the good file's rows, and only those");
        }
        assertEquals(List.of("skipped " + bad + ": no magic bytes found at end of file"), warnings);
    }

    @Test
    void skipsATruncatedFile() throws Exception {
        Path good = Fixtures.standard(tmp, 0).resolve("disk_io/host=h1/date=2026-11-27/r1-0.parquet");
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Fixtures.garbage(tmp, "disk_io", "r1-1.parquet", Arrays.copyOf(bytes, bytes.length / 2));
        List<String> warnings = new ArrayList<>();
        try (Dataset ds = Dataset.open(tmp, warnings::add)) {
            assertEquals(11L, count(ds, "SELECT count(*) FROM disk_io"));
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("skipped " + cut + ": "), warnings.toString());
        assertFalse(warnings.get(0).contains("\n") || warnings.get(0).contains("Exception"), warnings.toString());
    }

    @Test
    void skipsFilesOfOtherKindsAndSchemasAndNamesThatAreNoFiles() throws Exception {
        Fixtures.standard(tmp, 0);
        Path disk = tmp.resolve("disk_io/host=h1/date=2026-11-27");
        Path samples = sonde.analyzer.export.SampleFixtures.write(tmp.resolve("other"), "r9",
                List.of(sonde.analyzer.export.SampleFixtures.sample(0, 7, 7, "x", 1, "/bin/x:main")));
        Path cpuFile;
        try (var files = Files.walk(samples.resolve("cpu_sample"))) {
            cpuFile = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Path moved = Files.copy(cpuFile, disk.resolve("samples.parquet"));
        Path other = Fixtures.sql(tmp, "disk_io", "other", "SELECT 1 AS a, 'x' AS b");
        Path text = Fixtures.sql(tmp, "disk_io", "text-pid", "SELECT * REPLACE ('not a number' AS pid) FROM read_parquet('"
                + disk.resolve("r1-0.parquet") + "')");
        Path empty = Files.createFile(disk.resolve("empty.parquet"));
        Path dirNamed = Files.createDirectory(disk.resolve("dir.parquet"));
        Path fifo = disk.resolve("fifo.parquet");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path dangling = Files.createSymbolicLink(disk.resolve("gone.parquet"), tmp.resolve("nowhere"));
        List<String> warnings = new ArrayList<>();
        try (Dataset ds = Dataset.open(tmp, warnings::add)) {
            assertEquals(11L, count(ds, "SELECT count(*) FROM disk_io"), "the standard file's rows only");
            assertEquals(7, ds.skipped().size(), ds.skipped().toString());
            java.util.Map<Path, String> why = new java.util.HashMap<>();
            ds.skipped().forEach(o -> why.put(o.file(), o.why()));
            assertEquals("a cpu_sample file, not disk_io", why.get(moved));
            assertEquals("not a disk_io file: it has no column recording_id (nor 13 more)", why.get(other));
            assertEquals("its column pid holds text values, where disk_io has whole-number", why.get(text));
            assertEquals("empty (0 bytes)", why.get(empty));
            assertEquals("a directory, not a file", why.get(dirNamed));
            assertEquals("not a regular file (a FIFO, socket or device)", why.get(fifo), "never opened: it would hang");
            assertEquals("a link to nothing", why.get(dangling));
        }
        assertEquals(Dataset.WARNED_FILES + 1, warnings.size(), warnings.toString());
        assertEquals("skipped 2 more odd file(s) in " + tmp, warnings.get(Dataset.WARNED_FILES));
    }

    @Test
    void nothingButOddFilesIsAnErrorNamingOne() {
        Path bad = Fixtures.garbage(tmp, "disk_io", "r1-0.parquet", new byte[] {'P', 'A', 'R', '1'});
        UserError e = assertThrows(UserError.class, () -> Dataset.open(tmp, w -> { }));
        assertTrue(e.getMessage().startsWith("nothing readable in " + tmp + ": skipped " + bad + " ("), e.getMessage());
    }

    @Test
    void nullsInAColumnSondeNeverLeavesNullNameTheFileAndTheColumn() {
        Path good = Fixtures.standard(tmp, 0).resolve("disk_io/host=h1/date=2026-11-27/r1-0.parquet");
        Path nulls = Fixtures.sql(tmp, "disk_io", "nulls", "SELECT * REPLACE (CASE WHEN pid = 100 THEN NULL ELSE comm END AS comm)"
                + " FROM read_parquet('" + good + "')");
        UserError e = assertThrows(UserError.class, () -> Dataset.open(tmp, w -> { }));
        assertEquals("failed to read " + nulls + ": its column comm holds NULL in 3 row(s), which sonde never writes", e.getMessage());
    }

    @Test
    void aFileDamagedInTheMiddleIsNamedWhenItsPagesAreRead() throws Exception {
        Path file = Fixtures.standard(tmp, 0).resolve("disk_io/host=h1/date=2026-11-27/r1-0.parquet");
        Fixtures.standard(tmp.resolve("more"), 0);
        byte[] b = Files.readAllBytes(file);
        // the footer (then its length and PAR1 at the end) stays whole; the pages before it do not
        int footer = java.nio.ByteBuffer.wrap(b, b.length - 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        for (int i = 4; i < b.length - 8 - footer; i++) {
            b[i] = (byte) (i * 31);
        }
        Files.write(file, b);
        try (Dataset ds = Dataset.open(tmp, w -> { })) {
            UserError e = assertThrows(UserError.class, () -> count(ds, "SELECT sum(bytes), max(comm) FROM disk_io"));
            assertTrue(e.getMessage().startsWith("failed to read " + file + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("Exception"), e.getMessage());
            assertTrue(e.hint().startsWith("the file is damaged"), e.hint());
        }
    }

    @Test
    void ignoresHiddenTemporaryFilesOfARecordingInProgress() {
        Fixtures.standard(tmp, 0);
        Fixtures.garbage(tmp, "disk_io", ".r1-1.parquet.tmp", new byte[] {'P', 'A', 'R', '1', 0, 0});
        try (Dataset ds = Dataset.open(tmp)) {
            assertEquals(11L, count(ds, "SELECT count(*) FROM disk_io"));
        }
    }

    @Test
    void reportsBadSqlAsDuckDbsFirstLine() {
        try (Dataset ds = Dataset.open(Fixtures.standard(tmp, 0))) {
            UserError e = assertThrows(UserError.class, () -> count(ds, "SELEC 1"));
            assertEquals("query failed: Parser Error: syntax error at or near \"SELEC\"", e.getMessage());
            UserError unknown = assertThrows(UserError.class, () -> count(ds, "SELECT * FROM vfs"));
            assertTrue(unknown.hint().startsWith("views: disk_io, vfs_io, cpu_sample, recording"), unknown.hint());
        }
    }

    @Test
    void boundValuesAreDataNeverSql() {
        String evil = "x'; DROP TABLE t; --";
        try (Dataset ds = Dataset.open(Fixtures.standard(tmp, 0))) {
            ds.query("setup", "CREATE TABLE t AS SELECT 1 AS one", rs -> null);
            ds.set("comm", evil);
            assertEquals(0L, count(ds, "SELECT count(*) FROM disk_io WHERE comm = getvariable('comm')"));
            assertEquals(evil, ds.query("q", "SELECT getvariable('comm')", rs -> rs.next() ? rs.getString(1) : null));
            assertEquals(1L, count(ds, "SELECT count(*) FROM t"));
        }
    }

    @Test
    void settingNullUnsetsAVariable() {
        try (Dataset ds = Dataset.open(Fixtures.standard(tmp, 0))) {
            ds.set("pid", 100);
            assertEquals(100L, count(ds, "SELECT getvariable('pid')"));
            ds.set("pid", null);
            assertNull(ds.query("q", "SELECT getvariable('pid')", rs -> rs.next() ? rs.getObject(1) : "no row"));
        }
    }

    @Test
    void opensADirectoryWhoseNameHasAQuote() {
        Path dir = Fixtures.standard(tmp.resolve("it's data"), 0);
        try (Dataset ds = Dataset.open(dir)) {
            assertEquals(11L, count(ds, "SELECT count(*) FROM disk_io"));
        }
    }

    @Test
    void partitionsBecomeDateAndHostColumns() {
        Fixtures.diskIo(tmp, "123", "r1-0", List.of(new Io(Fixtures.T0, 1, "dd", "vda", "W", 4096, 5L)));
        try (Dataset ds = Dataset.open(tmp)) {
            assertEquals("123 2026-11-27 VARCHAR", ds.query("q", "SELECT host, date, typeof(host) FROM disk_io",
                    rs -> rs.next() ? rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) : null));
        }
    }

    private static long count(Dataset ds, String sql) {
        return ds.query("query", sql, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    private static List<String> describe(Path dir, String view) {
        try (Dataset ds = Dataset.open(dir)) {
            return ds.query("describe", "DESCRIBE " + view, rs -> {
                List<String> cols = new ArrayList<>();
                while (rs.next()) {
                    cols.add(rs.getString("column_name") + " " + rs.getString("column_type"));
                }
                return cols;
            });
        }
    }
}
