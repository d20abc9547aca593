package sonde.recorder;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.sink.kafka.EventCodec;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.Named;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.TestBroker;
import sonde.recorder.testing.Workloads;
import sonde.schema.Recording;
import sonde.schema.VfsIo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `sonde record --kafka` in its own process on the live kernel, against a real KRaft broker that
 * is down when the recorder starts, or up throughout. The workload is the test's own dd copying
 * 512-byte blocks from /dev/zero to /dev/null (-c keeps the recording to it): each run is exactly
 * COUNT reads and COUNT writes of 512 bytes, and no disk I/O.
 */
class RecordKafkaTest {
    private static final int COUNT = 5_000;

    @TempDir
    Path tmp;

    /** Runs dd RUNS times, one run every half second: 20,000 rows a second. */
    private static void ddLoop(Named dd, int runs) throws Exception {
        Workloads.run(List.of("bash", "-c", "for i in $(seq " + runs + "); do " + dd.exe() + " if=/dev/zero of=/dev/null bs=512 count="
                + COUNT + " status=none; sleep 0.5; done"));
    }

    /** The recording row of a host, and the distinct rows of its recording by event_seq, read back from the topics. */
    private record Sent(Recording recording, Map<Long, VfsIo> rows) {
        long ddRows(Named dd) {
            return rows.values().stream().filter(r -> r.getComm().equals(dd.comm()) && r.getRequestedBytes() == 512).count();
        }
    }

    private static Sent read(TestBroker b, String prefix) throws Exception {
        EventCodec codec = EventCodec.forReading();
        List<ConsumerRecord<byte[], byte[]>> recs = b.readAll(List.of(prefix + ".recording"));
        assertEquals(1, recs.size(), "one recording row");
        Recording rec = (Recording) codec.decode("recording", recs.get(0).value());
        Map<Long, VfsIo> rows = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : b.readAll(List.of(prefix + ".vfs_io"))) {
            VfsIo v = (VfsIo) codec.decode("vfs_io", r.value());
            if (v.getRecordingId().equals(rec.getRecordingId())) {
                rows.put(v.getEventSeq(), v);
            }
        }
        return new Sent(rec, rows);
    }

    @Test
    void aRecorderStartedWhileKafkaIsDownRecordsFromTheStartAndSendsEveryRowWhenItComes() throws Exception {
        Privileged.requireTracing();
        Named dd = Named.of("dd", tmp);
        Path spool = tmp.resolve("spool");
        Path conf = Files.writeString(tmp.resolve("k.properties"), "sonde.close.wait.ms=120000\n");
        try (TestBroker b = TestBroker.start()) {
            b.stop(); // its port known, nothing listening there
            Jvm.Result end;
            long downNs;
            try (RecorderProcess rec = RecorderProcess.startRecord(List.of("--vfs", "-c", dd.comm(), "--kafka", b.bootstrap(),
                    "--topic-prefix", "down", "--host", "h-down", "--spool-dir", spool.toString(), "--kafka-config", conf.toString()))) {
                long start = System.nanoTime();
                ddLoop(dd, 20);
                assertTrue(rec.err().contains("Kafka unreachable at " + b.bootstrap() + " (no answer within 5000 ms): spooling events to "
                        + spool + " until it answers"), rec.err());
                downNs = System.nanoTime() - start;
                b.restart();
                ddLoop(dd, 10);
                end = rec.finish("TERM");
            }
            assertTrue(end.err().matches("(?s).*\nKafka answers again at " + b.bootstrap()
                    + ": an outage of \\d+\\.\\d s, [\\d,]+ events spooled during it and replayed; sending directly again\n.*"), end.err());
            assertFalse(end.err().contains("Left "), "everything was sent before the end: " + end.err());
            assertFalse(end.err().contains("null"), end.err());
            assertFalse(Files.exists(spool), "the spool this recorder made is gone with nothing left in it");
            Sent sent = read(b, "down");
            long announced = sent.recording().getEventCounts().get("vfs_io");
            assertEquals(announced, sent.rows().size(), "every row recorded arrived (distinct event_seq)");
            assertEquals(announced - 1, sent.rows().keySet().stream().mapToLong(Long::longValue).max().orElse(-1));
            if (sent.recording().getLostEventsTotal() == 0) {
                assertEquals(2L * COUNT * 30, sent.ddRows(dd), "dd's reads and writes, from the first run, " + downNs / 1_000_000
                        + " ms before the broker came");
            }
            Map<String, Long> c = sent.recording().getCounters();
            assertTrue(c.get("kafka.spooled") >= 2L * COUNT * 20, c.toString());
            assertEquals(1L, c.get("kafka.outages"), c.toString());
        }
    }

    @Test
    void twentyThousandRowsASecondForTwentySecondsWithKafkaUpAreNeverSpooled() throws Exception {
        Privileged.requireTracing();
        Named dd = Named.of("dd", tmp);
        // on a host this busy the first look at the cluster took seconds: rows wait for it in memory, not in the spool
        Path conf = Files.writeString(tmp.resolve("k.properties"), "sonde.connect.timeout.ms=30000\nsonde.close.wait.ms=60000\n");
        try (TestBroker b = TestBroker.start()) {
            Jvm.Result end;
            try (RecorderProcess rec = RecorderProcess.startRecord(List.of("--vfs", "-c", dd.comm(), "--kafka", b.bootstrap(),
                    "--topic-prefix", "up", "--host", "h-up", "--spool-dir", tmp.resolve("spool").toString(),
                    "--kafka-config", conf.toString()))) {
                ddLoop(dd, 40);
                end = rec.finish("TERM");
            }
            assertFalse(end.err().contains("Kafka unreachable"), end.err());
            Sent sent = read(b, "up");
            Map<String, Long> c = sent.recording().getCounters();
            assertEquals(0L, c.get("kafka.spooled"), c.toString());
            assertEquals(0L, c.get("kafka.outages"), c.toString());
            long announced = sent.recording().getEventCounts().get("vfs_io");
            assertTrue(announced >= 2L * COUNT * 40 * 95 / 100, "about 400,000 rows in 20 s: " + announced);
            assertEquals(announced, sent.rows().size(), "every row arrived");
            assertTrue(end.err().contains(String.format("Sent %,d events, ", announced + 1)), end.err());
        }
    }
}
