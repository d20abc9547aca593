package sonde.analyzer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import sonde.recorder.testing.TestBroker;
import sonde.recorder.testing.Workloads;

/**
 * The fleet path on the live kernel: `sonde record --kafka` in its own process, a real KRaft
 * broker, `sonde ingest` in its own process, and the reports on what it wrote. The recorders
 * keep to the test's own dd (-c), so that the rows are the workload's whatever the host does.
 */
class KafkaEndToEndTest {
    /**
     * Rows wait in memory while the recorder makes the cluster ready, which a busy host keeps slow (5 s by
     * default, then they are spooled as in an outage): these tests are about what arrives, not about that.
     */
    private static final String PATIENT = "sonde.connect.timeout.ms=60000\n";

    @TempDir
    Path tmp;
    @TempDir(factory = OnDisk.class)
    Path disk;

    /**
     * `sonde record --kafka` of the test's dd, to topics of this attempt's own (an attempt made
     * again after a loss must not ingest the first one's rows too).
     */
    private List<String> kafkaRecord(TestBroker b, Path dir, String host, Named dd, String config) throws Exception {
        Path conf = Files.writeString(dir.resolve("client-" + host + ".properties"), PATIENT + config);
        return new ArrayList<>(List.of("--disk", "-c", dd.comm(), "--buffer-mb", Attempts.BUFFER_MB, "--kafka", b.bootstrap(),
                "--topic-prefix", topics(dir), "--host", host, "--spool-dir", dir.resolve("spool-" + host).toString(),
                "--kafka-config", conf.toString()));
    }

    private static String topics(Path dir) {
        return "sonde-" + dir.getFileName();
    }

    private static long writtenBy(Path dir, long pid) {
        return SondeRun.top(dir, "-n", "1000").stream().filter(r -> r.pid() != null && r.pid() == pid && r.op().equals("W")
                && !r.writeback()).mapToLong(SondeRun.TopRow::bytes).sum();
    }

    private static long query(Path dir, String sql) {
        try (Dataset ds = Dataset.open(dir)) {
            return ds.query("q", sql, rs -> rs.next() ? rs.getLong(1) : -1L);
        }
    }

    @Test
    void topOnIngestedDataMatchesALocalRecordingOfTheSameWorkload() throws Exception {
        Privileged.requireTracing();
        Named dd = Named.of("dd", disk);
        Path file = disk.resolve("kafka-16m.bin");
        long[] pid = new long[1];
        try (TestBroker b = TestBroker.start()) {
            List<Attempts.Made> made = Attempts.retryOnLoss(tmp, dir -> {
                Path local = dir.resolve("local");
                Path fleet = dir.resolve("fleet");
                String host = "e2e-b";
                Jvm.Result k;
                Jvm.Result l;
                try (RecorderProcess viaKafka = RecorderProcess.startRecord(kafkaRecord(b, dir, host, dd, ""));
                     RecorderProcess toDisk = RecorderProcess.start(local, "--disk", "-c", dd.comm(), "--buffer-mb",
                             Attempts.BUFFER_MB)) {
                    pid[0] = Workloads.ddDirectWrite(dd.exe(), file, 16).pid();
                    k = viaKafka.finish("INT");
                    l = toDisk.finish("INT");
                }
                assertTrue(k.err().contains("Sent ") && k.err().contains("to kafka at " + b.bootstrap()), k.err());
                try (IngestProcess ing = IngestProcess.start(b.bootstrap(), fleet, "--group", "g-b", "--topic-prefix", topics(dir))) {
                    ing.awaitComplete(fleet, 1);
                    assertEquals(0, ing.stop("INT").exit(), ing.err());
                }
                return List.of(new Attempts.Made(local, l.err()), new Attempts.Made(fleet, k.err(), host));
            }, r -> r);
            Path local = made.get(0).dir();
            Path fleet = made.get(1).dir();
            assertEquals(16L << 20, writtenBy(local, pid[0]), "local recording");
            assertEquals(writtenBy(local, pid[0]), writtenBy(fleet, pid[0]), "the same bytes to " + dd.comm() + " (pid "
                    + pid[0] + ") after Kafka");
            assertTrue(Files.isDirectory(fleet.resolve("disk_io/host=" + made.get(1).host())));
        }
    }

    @Test
    void aBrokerDownForThirtySecondsLosesNothing() throws Exception {
        Privileged.requireTracing();
        Named dd = Named.of("dd", disk);
        Path file = disk.resolve("kafka-outage.bin");
        // the recorder holds rows in memory while it first makes the cluster ready (up to the connect timeout):
        // the broker goes down only after that, so that this is an outage in the middle of a recording
        String outage = "sonde.stall.ms=1000\nsonde.close.wait.ms=60000\nrequest.timeout.ms=2000\ndelivery.timeout.ms=3000\n"
                + "sonde.connect.timeout.ms=10000\n";
        try (TestBroker b = TestBroker.start()) {
            long[] during = new long[1];
            Attempts.Made made = Attempts.retryOnLoss(tmp, dir -> {
                String host = "e2e-c";
                Path fleet = dir.resolve("fleet");
                Jvm.Result end;
                try (RecorderProcess rec = RecorderProcess.startRecord(kafkaRecord(b, dir, host, dd, outage))) {
                    long started = System.nanoTime();
                    Workloads.ddDirectWrite(dd.exe(), file, 4);
                    Thread.sleep(Math.max(0, 11_000 - (System.nanoTime() - started) / 1_000_000));
                    b.stop();
                    long down = System.nanoTime();
                    during[0] = Workloads.run(List.of(dd.exe().toString(), "if=/dev/zero", "of=" + file, "bs=4k",
                            "count=2048", "oflag=direct", "conv=notrunc", "status=none")).pid();
                    Thread.sleep(Math.max(0, 31_000 - (System.nanoTime() - down) / 1_000_000));
                    b.restart();
                    Workloads.ddDirectWrite(dd.exe(), file, 4);
                    end = rec.finish("INT");
                }
                assertTrue(end.err().contains("Kafka was unreachable") && end.err().contains("events spooled to"), end.err());
                assertFalse(end.err().contains("Left "), "everything was sent before the end: " + end.err());
                try (IngestProcess ing = IngestProcess.start(b.bootstrap(), fleet, "--group", "g-c", "--topic-prefix", topics(dir))) {
                    ing.awaitComplete(fleet, 1);
                    assertEquals(0, ing.stop("INT").exit(), ing.err());
                }
                return new Attempts.Made(fleet, end.err(), host);
            });
            Path fleet = made.dir();
            String host = " WHERE host = '" + made.host() + "'";
            long announced = query(fleet, "SELECT event_counts['disk_io'] FROM recording" + host);
            assertTrue(announced > 2048, "rows announced: " + announced);
            assertEquals(announced, query(fleet, "SELECT count(*) FROM (SELECT DISTINCT ON (recording_id, event_seq) * FROM disk_io"
                    + host + ")"), "every row recorded arrived exactly once after de-duplication");
            assertEquals(announced - 1, query(fleet, "SELECT max(event_seq) FROM disk_io" + host));
            long spooled = query(fleet, "SELECT counters['kafka.spooled'] FROM recording" + host);
            assertTrue(spooled > 2048, "the outage's rows were spooled: " + spooled);
            assertEquals(spooled, query(fleet, "SELECT counters['kafka.replayed'] FROM recording" + host));
            assertEquals(8L << 20, query(fleet, "SELECT sum(bytes) FROM (SELECT DISTINCT ON (recording_id, event_seq) * FROM disk_io"
                    + host + ") WHERE pid = " + during[0] + " AND op = 'W' AND writeback_pid IS NULL"),
                    "the writes made while the broker was down");
        }
    }

    @Test
    void twoHostsLandInTheirOwnPartitionsAcrossAnIngesterRestart() throws Exception {
        Privileged.requireTracing();
        Named dd = Named.of("dd", disk);
        Path file = disk.resolve("kafka-hosts.bin");
        try (TestBroker b = TestBroker.start()) {
            String[] hosts = {"alpha", "beta"};
            List<Attempts.Made> made = Attempts.retryOnLoss(tmp, dir -> {
                Path fleet = dir.resolve("fleet");
                String group = "g-d";
                Jvm.Result a;
                Jvm.Result c;
                try (IngestProcess first = IngestProcess.start(b.bootstrap(), fleet, "--group", group, "--topic-prefix", topics(dir));
                     RecorderProcess alpha = RecorderProcess.startRecord(kafkaRecord(b, dir, hosts[0], dd, ""));
                     RecorderProcess beta = RecorderProcess.startRecord(kafkaRecord(b, dir, hosts[1], dd, ""))) {
                    Workloads.ddDirectWrite(dd.exe(), file, 8);
                    Thread.sleep(2500);
                    assertEquals(0, first.stop("INT").exit(), "the first ingester stops while recording goes on: " + first.err());
                    Workloads.ddDirectWrite(dd.exe(), file, 8);
                    a = alpha.finish("INT");
                    c = beta.finish("INT");
                }
                try (IngestProcess second = IngestProcess.start(b.bootstrap(), fleet, "--group", group, "--topic-prefix", topics(dir))) {
                    second.awaitComplete(fleet, 2);
                    assertEquals(0, second.stop("INT").exit(), second.err());
                }
                return List.of(new Attempts.Made(fleet, a.err(), hosts[0]), new Attempts.Made(fleet, c.err(), hosts[1]));
            }, r -> r);
            Path fleet = made.get(0).dir();
            for (String host : hosts) {
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
