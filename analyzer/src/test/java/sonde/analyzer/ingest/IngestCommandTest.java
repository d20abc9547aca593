package sonde.analyzer.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.SondeRun;
import sonde.analyzer.db.Dataset;
import sonde.recorder.sink.SequencedSink;
import sonde.recorder.sink.kafka.EventCodec;
import sonde.recorder.sink.kafka.KafkaSink;
import sonde.recorder.sink.kafka.KafkaTarget;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.Rows;
import sonde.recorder.testing.TestBroker;

/** sonde ingest against a real broker, with rows sent by the recorder's KafkaSink. */
class IngestCommandTest {
    private static TestBroker broker;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    /** What a recording on {@code host} sends: n disk rows numbered 0..n-1, then its recording row. */
    private void send(String prefix, String host, String recordingId, int n) throws Exception {
        KafkaTarget t = KafkaTarget.of(broker.bootstrap(), new Properties(), prefix, tmp.resolve("spool-" + recordingId), 64 << 20);
        SequencedSink s = new SequencedSink(KafkaSink.open(t, host));
        for (int i = 0; i < n; i++) {
            s.write(Rows.disk(recordingId, 0));
        }
        s.close();
        s.writeRecording(Rows.recording(recordingId, Map.of("disk_io", (long) n)));
    }

    private static long count(Path out, String sql) {
        try (Dataset ds = Dataset.open(out)) {
            return ds.query("q", sql, rs -> rs.next() ? rs.getLong(1) : -1L);
        }
    }

    @Test
    void undecodableMessagesGoToTheDeadLetterFileWithTheReason() throws Exception {
        send("dl", "h1", "rec-dl", 100);
        byte[] unknown = EventCodec.encode(Rows.disk("rec-dl", 100));
        unknown[4] ^= 0x55; // a fingerprint no schema version has
        broker.produce("dl.disk_io", "h1".getBytes(StandardCharsets.UTF_8), unknown);
        broker.produce("dl.disk_io", "h1".getBytes(StandardCharsets.UTF_8), "not avro at all".getBytes(StandardCharsets.UTF_8));
        byte[] cut = EventCodec.encode(Rows.disk("rec-dl", 101));
        broker.produce("dl.disk_io", "h1".getBytes(StandardCharsets.UTF_8), java.util.Arrays.copyOf(cut, 20));
        broker.produce("dl.vfs_io", null, EventCodec.encode(Rows.disk("rec-dl", 102)));
        Path out = tmp.resolve("out");
        try (IngestProcess p = IngestProcess.start(broker.bootstrap(), out, "--topic-prefix", "dl", "--group", "g-dl")) {
            p.awaitComplete(out, 1);
            Thread.sleep(1500); // the bad messages are behind the good ones: one more rotation
            Jvm.Result r = p.stop("INT");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.err().contains("4 messages could not be decoded: kept in " + out.resolve("dead-letter")), r.err());
        }
        assertEquals(100, count(out, "SELECT count(*) FROM disk_io"));
        List<Path> files;
        try (var s = Files.list(out.resolve("dead-letter"))) {
            files = s.toList();
        }
        assertEquals(1, files.size());
        String lines = Files.readString(files.get(0));
        assertEquals(4, lines.lines().count(), lines);
        assertTrue(lines.contains("\"reason\":\"unknown schema fingerprint "), lines);
        assertTrue(lines.contains("\"reason\":\"not avro single-object encoded"), lines);
        assertTrue(lines.contains("\"reason\":\"corrupt value: "), lines);
        assertTrue(lines.contains("\"reason\":\"no host key\""), lines);
        assertTrue(lines.contains("\"value_base64\":\"" + java.util.Base64.getEncoder().encodeToString("not avro at all".getBytes()) + "\""));
        assertEquals(4, count(out, "SELECT count(*) FROM read_json('" + files.get(0) + "')"), "DuckDB reads it");
    }

    @Test
    void aRestartedIngesterResumesWhereItCommitted() throws Exception {
        Path out = tmp.resolve("out");
        send("rs", "h1", "rec-1", 500);
        try (IngestProcess p = IngestProcess.start(broker.bootstrap(), out, "--topic-prefix", "rs", "--group", "g-rs")) {
            p.awaitComplete(out, 1);
            assertEquals(0, p.stop("INT").exit());
        }
        send("rs", "h1", "rec-2", 700);
        try (IngestProcess p = IngestProcess.start(broker.bootstrap(), out, "--topic-prefix", "rs", "--group", "g-rs")) {
            p.awaitComplete(out, 2);
            Jvm.Result r = p.stop("TERM");
            assertTrue(r.err().contains("Ingested ") && r.err().contains("701 rows"), "only the new messages: " + r.err());
        }
        assertEquals(1200, count(out, "SELECT count(*) FROM disk_io"), "after a clean stop: exactly once");
        assertEquals(2, count(out, "SELECT count(*) FROM recording"));

        send("rs", "h1", "rec-3", 800);
        // killed exactly between closing its files and committing: the hook makes it wait there
        Path pause = Files.writeString(tmp.resolve("pause.properties"), "sonde.pause.before.commit=1\n" + IngestProcess.PATIENT);
        try (IngestProcess p = IngestProcess.start(broker.bootstrap(), out, "--topic-prefix", "rs", "--group", "g-rs",
                "--kafka-config", pause.toString())) {
            p.awaitLine("Paused before commit", 120_000);
            p.stop("KILL");
        }
        long killed = System.nanoTime();
        Jvm.Result restarted;
        try (IngestProcess p = IngestProcess.start(broker.bootstrap(), out, "--topic-prefix", "rs", "--group", "g-rs")) {
            double s = p.secondsToPartitions();
            p.awaitComplete(out, 3);
            System.out.printf("restart after SIGKILL: partitions after %.1f s, all rows %.1f s after the kill%n", s,
                    (System.nanoTime() - killed) / 1e9);
            assertTrue(s < 10, "static membership: the restarted ingester gets its partitions at once, not after the session timeout: " + s);
            restarted = p.stop("INT");
            assertEquals(0, restarted.exit(), restarted.err());
        }
        assertEquals(2000, rawRows(out), "each row in the files once: what the killed run's closed files held was not written again");
        assertTrue(restarted.err().contains("messages read again were in files already and skipped"), restarted.err());
        assertEquals(2000, count(out, "SELECT count(*) FROM disk_io"));
        assertEquals(2000, count(out, "SELECT count(DISTINCT (recording_id, event_seq)) FROM disk_io"));
        assertEquals(3, count(out, "SELECT count(*) FROM recording"));
    }

    /** Rows in the disk_io files themselves, not through the view (which would hide a row written twice). */
    private static long rawRows(Path out) {
        try (Dataset ds = Dataset.open(out)) {
            return ds.query("q", "SELECT count(*) FROM read_parquet('" + out.resolve("disk_io") + "/**/*.parquet')",
                    rs -> rs.next() ? rs.getLong(1) : -1L);
        }
    }

    @Test
    void atStartAnIngesterRemovesItsOwnUnfinishedFilesOnly() throws Exception {
        Path out = tmp.resolve("out");
        Path part = Files.createDirectories(out.resolve("disk_io/host=h1/date=2026-12-03"));
        Path own = Files.createFile(part.resolve(".ingest-ing-a-20261203T101010Z-4242-abcd-00003.parquet.tmp"));
        Path other = Files.createFile(part.resolve(".ingest-ing-a.1-20261203T101010Z-4243-abcd-00000.parquet.tmp"));
        Path recorder = Files.createFile(part.resolve(".20261203T101010Z-4244-abcd-00000.parquet.tmp"));
        try (IngestProcess p = IngestProcess.start(broker.bootstrap(), out, "--topic-prefix", "tm", "--group", "g-tm",
                "--instance", "ing-a")) {
            assertTrue(p.err().contains("instance ing-a") && p.err().contains("removed 1 unfinished files of its last run"), p.err());
            SondeRun.Output twice = SondeRun.run("ingest", "--kafka", broker.bootstrap(), "--out", out.toString(), "--topic-prefix", "tm",
                    "--group", "g-tm", "--instance", "ing-a");
            assertEquals(1, twice.status(), twice.err());
            assertTrue(twice.err().contains("another ingester runs as instance ing-a on "), twice.err());
            assertEquals(0, p.stop("INT").exit(), p.err());
        }
        assertFalse(Files.exists(own), "its own, of a dead run");
        assertTrue(Files.exists(other), "another instance's");
        assertTrue(Files.exists(recorder), "a recorder's");
    }

    @Test
    void ingestersInOneGroupShareThePartitions() throws Exception {
        Path out = tmp.resolve("out");
        try (IngestProcess a = IngestProcess.start(broker.bootstrap(), out, "--topic-prefix", "gs", "--group", "g-gs");
             IngestProcess b = IngestProcess.start(broker.bootstrap(), out, "--topic-prefix", "gs", "--group", "g-gs")) {
            Thread.sleep(3000); // both have joined and the partitions are split between them
            for (int h = 1; h <= 6; h++) {
                send("gs", "host" + h, "rec-h" + h, 300);
            }
            a.awaitComplete(out, 6);
            Jvm.Result ra = a.stop("INT");
            Jvm.Result rb = b.stop("INT");
            assertEquals(0, ra.exit(), ra.err());
            assertEquals(0, rb.exit(), rb.err());
            assertTrue(ra.err().contains("Ingested ") && !ra.err().contains(": 0 rows"), ra.err());
            assertTrue(rb.err().contains("Ingested ") && !rb.err().contains(": 0 rows"), rb.err());
        }
        assertEquals(1800, count(out, "SELECT count(DISTINCT (recording_id, event_seq)) FROM disk_io"));
        for (int h = 1; h <= 6; h++) {
            assertEquals(300, count(out, "SELECT count(DISTINCT event_seq) FROM disk_io WHERE host = 'host" + h + "'"), "host" + h);
        }
    }

    @Test
    void missingOrBadOptionsAreUsageErrors() {
        SondeRun.Output o = SondeRun.run("ingest", "--out", tmp.toString());
        assertEquals(2, o.status());
        assertTrue(o.err().startsWith("sonde ingest: missing --kafka HOST:PORT"), o.err());
        o = SondeRun.run("ingest", "--kafka", "nowhere", "--out", tmp.toString());
        assertEquals(2, o.status());
        assertTrue(o.err().startsWith("sonde ingest: bad --kafka 'nowhere'"), o.err());
        o = SondeRun.run("ingest", "--help");
        assertEquals(0, o.status());
        assertTrue(o.out().contains("--instance NAME"), o.out());
    }
}
