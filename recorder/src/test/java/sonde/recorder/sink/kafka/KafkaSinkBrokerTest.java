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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        // what is checked is where rows go with the broker up, not how fast a busy host answers: the first
        // sends wait for the topics' metadata (250 ms by default, then the rows are spooled) and nothing
        // acknowledged for 5 s is an outage; on a loaded 2-CPU host a fresh producer took longer than both
        Properties patient = new Properties();
        patient.put("max.block.ms", "60000");
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
    void anUnreachableClusterIsOneLineNamingIt() throws Exception {
        Properties p = new Properties();
        p.put("sonde.connect.timeout.ms", "1000");
        KafkaTarget t = KafkaTarget.of("127.0.0.1:1", p, "sonde", tmp.resolve("spool"), 1 << 20);
        UserError e = assertThrows(UserError.class, () -> KafkaSink.open(t, "h1"));
        assertTrue(e.getMessage().startsWith("cannot reach kafka at 127.0.0.1:1: "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        Spool.open(tmp.resolve("spool"), 1 << 20).close(); // released again
    }
}
