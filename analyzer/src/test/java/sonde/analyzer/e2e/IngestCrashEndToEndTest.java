package sonde.analyzer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.SondeRun;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.ingest.IngestProcess;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.Named;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.Spinner;
import sonde.recorder.testing.TestBroker;
import sonde.recorder.testing.Workloads;

/**
 * An ingester SIGKILLed between closing its files and committing their offsets (issue 15: 29% of
 * the rows were then counted twice), on the live kernel and a real broker. Two recordings of a
 * known workload (O_DIRECT writes, cached reads, a spinning process: every kind) go to Kafka, one
 * before the crash and one while the ingester is dead; the restarted ingester must write each
 * row once, and every report over its directory must equal the same reports over the same topics
 * ingested once, without a crash, by another group. The kill lands exactly after the files are
 * closed: sonde.pause.before.commit makes the ingester wait there and say so.
 */
class IngestCrashEndToEndTest {
    private static final String PATIENT = "sonde.connect.timeout.ms=60000\n";
    private static final List<String> KINDS = List.of("disk_io", "vfs_io", "cpu_sample", "recording");

    @TempDir
    Path tmp;
    @TempDir(factory = OnDisk.class)
    Path disk;

    private record Workload(String comm, Named dd, Named cat, Named spin, Path file) {
        void run(int mib) throws Exception {
            Workloads.ddDirectWrite(dd.exe(), file, mib);
            Workloads.run(List.of("sh", "-c", "exec \"$1\" \"$0\" > /dev/null", file.toString(), cat.exe().toString()));
            Workloads.run(List.of(spin.exe().toString(), "1"));
        }
    }

    private Workload workload() throws Exception {
        String comm = Named.uniqueComm("ik");
        return new Workload(comm, Named.copy(Workloads.which("dd"), comm, Files.createDirectories(disk.resolve("dd"))),
                Named.copy(Workloads.which("cat"), comm, Files.createDirectories(disk.resolve("cat"))),
                Named.copy(Spinner.build(Files.createDirectories(disk.resolve("build"))), comm, Files.createDirectories(disk.resolve("spin"))),
                disk.resolve("direct.bin"));
    }

    /** `sonde record --kafka -c COMM` of one run of the workload, to the test's own topics. */
    private void record(TestBroker b, String topics, String name, Workload w, int mib) throws Exception {
        Path conf = Files.writeString(tmp.resolve("client-" + name + ".properties"), PATIENT);
        try (RecorderProcess rec = RecorderProcess.startRecord(List.of("-c", w.comm(), "--buffer-mb", Attempts.BUFFER_MB,
                "--kafka", b.bootstrap(), "--topic-prefix", topics, "--host", "crash-h", "--spool-dir",
                tmp.resolve("spool-" + name).toString(), "--kafka-config", conf.toString()))) {
            w.run(mib);
            Jvm.Result r = rec.finish("INT");
            assertTrue(r.err().contains("Sent "), r.err());
        }
    }

    @Test
    void anIngesterKilledBeforeItsCommitWritesEveryRowOnce() throws Exception {
        Privileged.requireTracing();
        Workload w = workload();
        String topics = "sonde-crash-" + Long.toHexString(System.nanoTime());
        Path fleet = tmp.resolve("fleet");
        Path once = tmp.resolve("once");
        Jvm.Result restarted;
        try (TestBroker b = TestBroker.start()) {
            record(b, topics, "first", w, 8);
            Path pause = Files.writeString(tmp.resolve("pause.properties"), PATIENT + "sonde.pause.before.commit=1\n");
            try (IngestProcess p = IngestProcess.start(b.bootstrap(), fleet, "--group", "g-crash", "--topic-prefix", topics,
                    "--kafka-config", pause.toString())) {
                p.awaitLine("Paused before commit", 120_000);
                p.stop("KILL");
            }
            long inClosedFiles = rawRows(fleet, "disk_io") + rawRows(fleet, "vfs_io") + rawRows(fleet, "cpu_sample");
            record(b, topics, "second", w, 4);
            double toPartitions;
            try (IngestProcess p = IngestProcess.start(b.bootstrap(), fleet, "--group", "g-crash", "--topic-prefix", topics)) {
                toPartitions = p.secondsToPartitions();
                p.awaitComplete(fleet, 2);
                restarted = p.stop("INT");
                assertEquals(0, restarted.exit(), restarted.err());
            }
            try (IngestProcess p = IngestProcess.start(b.bootstrap(), once, "--group", "g-once", "--topic-prefix", topics)) {
                p.awaitComplete(once, 2);
                assertEquals(0, p.stop("INT").exit(), p.err());
            }
            System.out.printf("ingester killed with %,d rows in closed, uncommitted files; restarted, it had its partitions after %.1f s%n",
                    inClosedFiles, toPartitions);
            assertTrue(inClosedFiles > 0, "the killed run had closed files");
            assertTrue(toPartitions < 10, "a restart resumes at once (static membership), not after the session timeout: " + toPartitions + " s");
        }
        assertTrue(query(fleet, "SELECT count(*) FROM disk_io WHERE comm = '" + w.comm() + "'") > 0, "disk rows of the workload");
        assertTrue(query(fleet, "SELECT count(*) FROM vfs_io WHERE comm = '" + w.comm() + "'") > 0, "vfs rows of the workload");
        assertTrue(query(fleet, "SELECT count(*) FROM cpu_sample WHERE comm = '" + w.comm() + "'") > 0, "samples of the workload");
        assertSameOutput(once, fleet, "top", "--format", "json", "-n", "1000");
        assertSameOutput(once, fleet, "top", "--format", "json", "--by", "device");
        assertSameOutput(once, fleet, "latency", "--format", "json");
        assertSameOutput(once, fleet, "latency", "--layer", "vfs", "--format", "json", "--by", "syscall");
        assertSameOutput(once, fleet, "cache", "--format", "json");
        assertSameOutput(once, fleet, "flame", "--folded");
        assertEquals(reportTables(once), reportTables(fleet), "the report's tables");
        for (String kind : KINDS) {
            assertEquals(rawRows(once, kind), rawRows(fleet, kind), kind + ": the files hold each row once");
            assertEquals(rawRows(fleet, kind), query(fleet, "SELECT count(*) FROM " + kind), kind + ": the view too");
        }
        assertTrue(restarted.err().contains("messages read again were in files already and skipped"), restarted.err());
    }

    private static void assertSameOutput(Path expected, Path actual, String command, String... args) {
        assertEquals(output(expected, command, args), output(actual, command, args), "sonde " + command + " " + String.join(" ", args));
    }

    /** A command's standard output over DIR, the directory's name taken out. */
    private static String output(Path dir, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, dir.toString()));
        all.addAll(List.of(args));
        SondeRun.Output o = SondeRun.run(all.toArray(String[]::new));
        assertEquals(0, o.status(), command + ": " + o.err());
        assertTrue(!o.out().isBlank(), command + " printed nothing");
        return o.out().replace(dir.toString(), "DIR");
    }

    private List<String> reportTables(Path dir) throws Exception {
        Path html = tmp.resolve(dir.getFileName() + "-report.html");
        SondeRun.Output o = SondeRun.run("report", dir.toString(), "-o", html.toString());
        assertEquals(0, o.status(), o.err());
        List<String> tables = new ArrayList<>();
        Matcher m = Pattern.compile("<table>.*?</table>", Pattern.DOTALL).matcher(Files.readString(html));
        while (m.find()) {
            tables.add(m.group().replace(dir.toString(), "DIR"));
        }
        assertTrue(tables.size() >= 3, "the report has its tables: " + tables.size());
        return tables;
    }

    /** Rows in a kind's files themselves, not through its view (which would hide a row written twice). */
    private static long rawRows(Path dir, String kind) {
        if (!Files.isDirectory(dir.resolve(kind))) {
            return 0;
        }
        return query(dir, "SELECT count(*) FROM read_parquet('" + dir.resolve(kind) + "/**/*.parquet')");
    }

    private static long query(Path dir, String sql) {
        try (Dataset ds = Dataset.open(dir)) {
            return ds.query("q", sql, rs -> rs.next() ? rs.getLong(1) : -1L);
        }
    }
}
