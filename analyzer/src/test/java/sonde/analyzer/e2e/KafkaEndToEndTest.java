package sonde.analyzer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.SondeRun;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.ingest.IngestProcess;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.TestBroker;
import sonde.recorder.testing.Workloads;

/**
 * The fleet path on the live kernel: `sonde record --kafka` in its own process, a real KRaft
 * broker, `sonde ingest` in its own process, and the reports on what it wrote.
 */
class KafkaEndToEndTest {
    @TempDir
    Path tmp;

    private List<String> kafkaRecord(TestBroker b, String host, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--disk", "--kafka", b.bootstrap(), "--host", host,
                "--spool-dir", tmp.resolve("spool-" + host).toString()));
        args.addAll(List.of(more));
        return args;
    }

    private static long writtenBy(Path dir, long pid) {
        return SondeRun.top(dir, "-n", "1000").stream().filter(r -> r.pid() != null && r.pid() == pid && r.op().equals("W"))
                .mapToLong(SondeRun.TopRow::bytes).sum();
    }

    private static long query(Path dir, String sql) {
        try (Dataset ds = Dataset.open(dir)) {
            return ds.query("q", sql, rs -> rs.next() ? rs.getLong(1) : -1L);
        }
    }

    @Test
    void topOnIngestedDataMatchesALocalRecordingOfTheSameWorkload() throws Exception {
        Privileged.requireTracing();
        Path file = Workloads.scratch("e2e").resolve("kafka-16m.bin");
        Path local = tmp.resolve("local");
        Path fleet = tmp.resolve("fleet");
        try (TestBroker b = TestBroker.start()) {
            long pid;
            try (RecorderProcess viaKafka = RecorderProcess.startRecord(kafkaRecord(b, "e2e-b"));
                 RecorderProcess toDisk = RecorderProcess.start(local, "--disk")) {
                pid = Workloads.ddDirectWrite(file, 16).pid();
                Jvm.Result k = viaKafka.stop("INT");
                assertEquals(0, k.exit(), k.err());
                assertTrue(k.err().contains("Sent ") && k.err().contains("to kafka at " + b.bootstrap()), k.err());
                assertEquals(0, toDisk.stop("INT").exit());
            }
            try (IngestProcess ing = IngestProcess.start(b.bootstrap(), fleet, "--group", "g-b")) {
                ing.awaitComplete(fleet, 1);
                assertEquals(0, ing.stop("INT").exit());
            }
            assertEquals(16L << 20, writtenBy(local, pid), "local recording");
            assertEquals(writtenBy(local, pid), writtenBy(fleet, pid), "the same bytes to dd (pid " + pid + ") after Kafka");
            assertTrue(Files.isDirectory(fleet.resolve("disk_io/host=e2e-b")));
        }
    }

    @Test
    void aBrokerDownForThirtySecondsLosesNothing() throws Exception {
        Privileged.requireTracing();
        Path file = Workloads.scratch("e2e").resolve("kafka-outage.bin");
        Path conf = Files.writeString(tmp.resolve("client.properties"), "sonde.stall.ms=1000\nsonde.close.wait.ms=60000\n"
                + "request.timeout.ms=2000\ndelivery.timeout.ms=3000\n");
        Path fleet = tmp.resolve("fleet");
        try (TestBroker b = TestBroker.start()) {
            Jvm.Result end;
            long during;
            try (RecorderProcess rec = RecorderProcess.startRecord(kafkaRecord(b, "e2e-c", "--kafka-config", conf.toString()))) {
                Workloads.ddDirectWrite(file, 4);
                b.stop();
                long down = System.nanoTime();
                during = Workloads.run(List.of("dd", "if=/dev/zero", "of=" + file, "bs=4k", "count=2048", "oflag=direct",
                        "conv=notrunc", "status=none")).pid();
                Thread.sleep(Math.max(0, 31_000 - (System.nanoTime() - down) / 1_000_000));
                b.restart();
                Workloads.ddDirectWrite(file, 4);
                end = rec.stop("INT");
            }
            assertEquals(0, end.exit(), end.err());
            assertTrue(end.err().contains("Kafka was unreachable") && end.err().contains("events spooled to"), end.err());
            assertFalse(end.err().contains("Left "), "everything was sent before the end: " + end.err());
            try (IngestProcess ing = IngestProcess.start(b.bootstrap(), fleet, "--group", "g-c")) {
                ing.awaitComplete(fleet, 1);
                assertEquals(0, ing.stop("INT").exit());
            }
            long announced = query(fleet, "SELECT event_counts['disk_io'] FROM recording");
            assertTrue(announced > 2048, "rows announced: " + announced);
            assertEquals(announced, query(fleet, "SELECT count(*) FROM (SELECT DISTINCT ON (recording_id, event_seq) * FROM disk_io)"),
                    "every row recorded arrived exactly once after de-duplication");
            assertEquals(announced - 1, query(fleet, "SELECT max(event_seq) FROM disk_io"));
            long spooled = query(fleet, "SELECT counters['kafka.spooled'] FROM recording");
            assertTrue(spooled > 2048, "the outage's rows were spooled: " + spooled);
            assertEquals(spooled, query(fleet, "SELECT counters['kafka.replayed'] FROM recording"));
            assertEquals(8L << 20, query(fleet, "SELECT sum(bytes) FROM (SELECT DISTINCT ON (recording_id, event_seq) * FROM disk_io)"
                    + " WHERE pid = " + during + " AND op = 'W'"), "the writes made while the broker was down");
        }
    }

    @Test
    void twoHostsLandInTheirOwnPartitionsAcrossAnIngesterRestart() throws Exception {
        Privileged.requireTracing();
        Path file = Workloads.scratch("e2e").resolve("kafka-hosts.bin");
        Path fleet = tmp.resolve("fleet");
        try (TestBroker b = TestBroker.start()) {
            try (IngestProcess first = IngestProcess.start(b.bootstrap(), fleet, "--group", "g-d");
                 RecorderProcess alpha = RecorderProcess.startRecord(kafkaRecord(b, "alpha"));
                 RecorderProcess beta = RecorderProcess.startRecord(kafkaRecord(b, "beta"))) {
                Workloads.ddDirectWrite(file, 8);
                Thread.sleep(2500);
                assertEquals(0, first.stop("INT").exit(), "the first ingester stops while recording goes on");
                Workloads.ddDirectWrite(file, 8);
                assertEquals(0, alpha.stop("INT").exit());
                assertEquals(0, beta.stop("INT").exit());
            }
            try (IngestProcess second = IngestProcess.start(b.bootstrap(), fleet, "--group", "g-d")) {
                second.awaitComplete(fleet, 2);
                assertEquals(0, second.stop("INT").exit());
            }
            for (String host : List.of("alpha", "beta")) {
                assertTrue(Files.isDirectory(fleet.resolve("disk_io/host=" + host)), host);
                assertEquals(1, query(fleet, "SELECT count(*) FROM recording WHERE host = '" + host + "'"));
                long announced = query(fleet, "SELECT event_counts['disk_io'] FROM recording WHERE host = '" + host + "'");
                assertEquals(announced, query(fleet, "SELECT count(*) FROM disk_io WHERE host = '" + host + "'"),
                        host + ": a clean restart of the ingester neither loses nor repeats a row");
            }
            assertEquals(0, query(fleet, "SELECT count(*) FROM disk_io d JOIN recording r USING (recording_id) WHERE d.host <> r.host"));
        }
    }
}
