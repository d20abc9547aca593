package sonde.recorder.sink.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.cli.UserError;
import sonde.recorder.sink.SequencedSink;
import sonde.recorder.testing.TestBroker;
import sonde.recorder.testing.Rows;
import sonde.schema.DiskIo;
import sonde.schema.Recording;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KafkaSink against a real KRaft broker: delivery, the message format, and an outage of the broker. */
class KafkaSinkBrokerTest {
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

    private static Recording recording(String id) {
        return Rows.recording(id, Map.of());
    }

    private static DiskIo row(String recordingId) {
        DiskIo d = EventCodecTest.disk(0);
        d.setRecordingId(recordingId);
        return d;
    }

    private static List<DiskIo> diskRows(TestBroker b, String prefix, String recordingId) throws Exception {
        EventCodec codec = EventCodec.forReading();
        List<DiskIo> rows = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : b.readAll(List.of(prefix + ".disk_io"))) {
            DiskIo d = (DiskIo) codec.decode("disk_io", r.value());
            if (d.getRecordingId().equals(recordingId)) {
                assertEquals("h1", new String(r.key()));
                rows.add(d);
            }
        }
        return rows;
    }

    @Test
    void rowsArriveOnTheirKindsTopicKeyedByHost() throws Exception {
        // what is checked is where rows go with the broker up, not how fast a busy host answers: nothing
        // acknowledged for 5 s is an outage, and the cluster not ready within the connect timeout; on a loaded
        // 2-CPU host a fresh producer took longer than both. The first sends no longer wait for metadata
        // (max.block.ms, 250 ms): the sink fetched it before
        Properties patient = new Properties();
        patient.put("sonde.stall.ms", "60000");
        patient.put("sonde.connect.timeout.ms", "60000");
        KafkaTarget t = KafkaTarget.of(broker.bootstrap(), patient, "t1", tmp.resolve("spool"), 64 << 20);
        SequencedSink s = new SequencedSink(KafkaSink.open(t, "h1"));
        for (int i = 0; i < 1000; i++) {
            s.write(row("rec-a"));
        }
        s.close();
        s.writeRecording(recording("rec-a"));
        List<DiskIo> rows = diskRows(broker, "t1", "rec-a");
        assertEquals(LongStream.range(0, 1000).boxed().toList(), rows.stream().map(DiskIo::getEventSeq).sorted().toList());
        List<ConsumerRecord<byte[], byte[]>> recs = broker.readAll(List.of("t1.recording"));
        assertEquals(1, recs.size());
        assertEquals("rec-a", ((Recording) EventCodec.forReading().decode("recording", recs.get(0).value())).getRecordingId());
        assertEquals(0L, s.counters().get("kafka.spooled"));
    }

    @Test
    void aBrokerOutageIsSpooledAndReplayedWithNothingLost() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            Properties p = new Properties();
            p.put("sonde.stall.ms", "500");
            p.put("sonde.close.wait.ms", "30000");
            p.put("request.timeout.ms", "1500");
            p.put("delivery.timeout.ms", "2000");
            p.put("sonde.connect.timeout.ms", "60000"); // the start-up check, before the outage: slow on a busy host
            KafkaTarget t = KafkaTarget.of(b.bootstrap(), p, "sonde", tmp.resolve("spool"), 64 << 20);
            KafkaSink kafka = KafkaSink.open(t, "h1");
            SequencedSink s = new SequencedSink(kafka);
            write(s, 200, 0);
            long until = System.nanoTime() + 60_000_000_000L;
            while (kafka.counters().get("kafka.sent") < 200 && System.nanoTime() < until) {
                Thread.sleep(20); // the cluster was made ready, and the rows went to it
                s.tick(System.nanoTime());
            }
            b.stop();
            write(s, 500, 3_000); // over 3 s, with the writer's ticks
            b.restart();
            write(s, 100, 0);
            s.close();
            s.writeRecording(recording("rec-b"));
            List<DiskIo> rows = diskRows(b, "sonde", "rec-b");
            assertEquals(LongStream.range(0, 800).boxed().toList(), rows.stream().map(DiskIo::getEventSeq).distinct().sorted().toList(),
                    "every row at least once");
            Map<String, Long> c = kafka.counters();
            assertTrue(c.get("kafka.spooled") >= 400, c.toString());
            assertEquals(c.get("kafka.spooled"), c.get("kafka.replayed"), c.toString());
            assertTrue(kafka.drained());
            assertTrue(kafka.summary().stream().anyMatch(l -> l.startsWith("Kafka was unreachable")), kafka.summary().toString());
        }
    }

    private static void write(SequencedSink s, int rows, long overMs) throws Exception {
        for (int i = 0; i < rows; i++) {
            s.write(row("rec-b"));
            if (overMs > 0 && i % 10 == 0) {
                Thread.sleep(overMs * 10 / rows);
                s.tick(System.nanoTime());
            }
        }
    }

    @Test
    void aClusterDownAtTheStartIsAnOutageAndEveryRowArrivesWhenItComes() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            b.stop(); // its port known, nothing listening there
            Properties p = new Properties();
            p.put("sonde.connect.timeout.ms", "1000");
            p.put("sonde.close.wait.ms", "60000");
            p.put("sonde.stall.ms", "5000");
            KafkaTarget t = KafkaTarget.of(b.bootstrap(), p, "down", tmp.resolve("spool"), 64 << 20);
            List<String> notices = new CopyOnWriteArrayList<>();
            KafkaSink kafka = KafkaSink.open(t, "h1", notices::add);
            SequencedSink s = new SequencedSink(kafka);
            write(s, 500, 3_000);
            assertEquals(List.of("Kafka unreachable at " + b.bootstrap() + " (no answer within 1000 ms): spooling events to "
                    + tmp.resolve("spool") + " until it answers"), notices);
            b.restart();
            write(s, 100, 0);
            s.close();
            s.writeRecording(recording("rec-b"));
            assertEquals(LongStream.range(0, 600).boxed().toList(), diskRows(b, "down", "rec-b").stream().map(DiskIo::getEventSeq)
                    .distinct().sorted().toList(), "every row at least once");
            assertTrue(kafka.drained(), kafka.summary().toString());
            assertEquals(2, notices.size(), notices.toString());
            Map<String, Long> c = kafka.counters();
            assertTrue(notices.get(1).matches("Kafka answers again at " + b.bootstrap()
                    + ": an outage of \\d+\\.\\d s, [\\d,]+ events spooled during it and replayed; sending directly again"), notices.get(1));
            assertTrue(c.get("kafka.spooled") >= 500 && c.get("kafka.spooled").equals(c.get("kafka.replayed")), c.toString());
            long distinctBytes = 0;
            long allBytes = 0;
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : b.readAll(List.of("down.disk_io", "down.recording"))) {
                allBytes += r.value().length;
                if (r.topic().equals("down.recording") || seen.add(((DiskIo) EventCodec.forReading().decode("disk_io", r.value())).getEventSeq())) {
                    distinctBytes += r.value().length;
                }
            }
            assertTrue(kafka.bytesWritten() >= distinctBytes && kafka.bytesWritten() <= allBytes,
                    "bytes sent, replayed ones included: " + kafka.bytesWritten() + " of " + distinctBytes + ".." + allBytes);
            assertTrue(kafka.summary().get(0).startsWith(String.format("Sent %,d events, ", c.get("kafka.sent") + c.get("kafka.replayed"))));
            assertTrue(kafka.summary().stream().anyMatch(l -> l.startsWith("Kafka was unreachable (no answer within 1000 ms): ")),
                    kafka.summary().toString());
            assertFalse(Files.exists(tmp.resolve("spool")), "the spool this run made is gone, empty");
        }
    }

    @Test
    void anUnresolvableHostIsAnErrorAtTheStartAndLeavesNoSpoolBehind() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        KafkaTarget t = KafkaTarget.of("no-such-host.invalid:9092", new Properties(), "sonde", null, 1 << 20).withSpoolRoot(root);
        UserError e = assertThrows(UserError.class, () -> KafkaSink.open(t, "h1"));
        assertEquals("cannot resolve kafka at no-such-host.invalid:9092: no host name in it resolves", e.getMessage());
        try (var left = Files.list(root)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aRecordingThatSentEverythingLeavesNoSpoolSlot() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Properties p = new Properties();
        p.put("sonde.connect.timeout.ms", "60000");
        p.put("sonde.stall.ms", "60000");
        KafkaTarget t = KafkaTarget.of(broker.bootstrap(), p, "slot", null, 1 << 20).withSpoolRoot(root);
        SequencedSink s = new SequencedSink(KafkaSink.open(t, "h1"));
        try (var slots = Files.list(root)) {
            assertEquals(1, slots.count(), "a slot while it records");
        }
        write(s, 100, 0);
        s.close();
        s.writeRecording(recording("rec-s"));
        try (var left = Files.list(root)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void twentyThousandRowsASecondForTwentySecondsWithTheBrokerUpAreNeverSpooled() throws Exception {
        Properties p = new Properties();
        p.put("sonde.connect.timeout.ms", "60000");
        KafkaTarget t = KafkaTarget.of(broker.bootstrap(), p, "fast", tmp.resolve("spool"), 256 << 20);
        List<String> notices = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        KafkaSink kafka = KafkaSink.open(t, "h1", l -> notices.add((System.nanoTime() - t0) / 1_000_000 + " ms: " + l));
        SequencedSink s = new SequencedSink(kafka);
        Pacer load = Pacer.start(s, "rec-f", 20_000);
        Thread.sleep(20_000);
        long rows = load.stop();
        s.close();
        s.writeRecording(recording("rec-f"));
        Map<String, Long> c = kafka.counters();
        assertEquals(0L, c.get("kafka.spooled"), c + " " + notices);
        assertEquals(List.of(), notices);
        assertTrue(rows >= 300_000, "rows written: " + rows);
        assertEquals(rows + 1, c.get("kafka.sent"), c.toString());
        assertEquals(rows, diskRows(broker, "fast", "rec-f").size());
    }

    @Test
    void afterAnOutageUnderContinuousLoadRowsGoStraightToKafkaAgain() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            Properties p = new Properties();
            p.put("sonde.connect.timeout.ms", "60000");
            p.put("sonde.stall.ms", "3000");
            p.put("sonde.close.wait.ms", "60000");
            p.put("request.timeout.ms", "1500");
            p.put("delivery.timeout.ms", "2000");
            KafkaTarget t = KafkaTarget.of(b.bootstrap(), p, "load", tmp.resolve("spool"), 256 << 20);
            List<String> notices = new CopyOnWriteArrayList<>();
            KafkaSink kafka = KafkaSink.open(t, "h1", notices::add);
            SequencedSink s = new SequencedSink(kafka);
            Pacer load = Pacer.start(s, "rec-l", 20_000);
            Thread.sleep(2_000);
            b.stop();
            Thread.sleep(5_000);
            b.restart();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (notices.size() < 2 && System.nanoTime() < deadline && load.alive()) {
                Thread.sleep(100);
            }
            long spooled = kafka.counters().get("kafka.spooled");
            Thread.sleep(3_000);
            long spooledLater = kafka.counters().get("kafka.spooled");
            long rows = load.stop();
            s.close();
            s.writeRecording(recording("rec-l"));
            assertEquals(2, notices.size(), "the outage began and ended while rows kept coming: " + notices);
            assertEquals(spooled, spooledLater, "after the outage, 3 s of rows went straight to kafka: " + kafka.counters());
            assertEquals(LongStream.range(0, rows).boxed().toList(), diskRows(b, "load", "rec-l").stream().map(DiskIo::getEventSeq)
                    .distinct().sorted().toList(), "every row at least once");
            assertTrue(kafka.drained());
        }
    }

    /** Writes rows at a steady rate on a thread of its own (the sink's one writer), ticking twice a second. */
    static final class Pacer {
        private final Thread thread;
        private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean stop;
        private volatile Exception failure;

        private Pacer(SequencedSink s, String recordingId, int perSecond) {
            thread = new Thread(() -> {
                long start = System.nanoTime();
                long lastTick = start;
                try {
                    while (!stop) {
                        long now = System.nanoTime();
                        long due = (now - start) / 1_000_000 * perSecond / 1000;
                        for (long n = written.get(); n < due; n = written.incrementAndGet()) {
                            s.write(row(recordingId));
                        }
                        if (now - lastTick >= 500_000_000L) {
                            s.tick(now);
                            lastTick = now;
                        }
                        Thread.sleep(1);
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }, "test-pacer");
        }

        static Pacer start(SequencedSink s, String recordingId, int perSecond) {
            Pacer p = new Pacer(s, recordingId, perSecond);
            p.thread.start();
            return p;
        }

        boolean alive() {
            return thread.isAlive();
        }

        /** Stops writing; the rows written. */
        long stop() throws Exception {
            stop = true;
            thread.join();
            if (failure != null) {
                throw failure;
            }
            return written.get();
        }
    }
}
