package sonde.recorder.sink.kafka;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.testing.Rows;
import sonde.schema.DiskIo;
import sonde.schema.Recording;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sink's outage logic against a producer whose cluster can be switched off. */
class DeliveryTest {
    @TempDir
    Path tmp;

    /** Acknowledges at once while up; fails every send while down, as a delivery timeout would. */
    static final class Cluster extends MockProducer<byte[], byte[]> {
        volatile boolean down;
        volatile int acceptBeforeFailing = Integer.MAX_VALUE;

        Cluster() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> r, Callback cb) {
            if (down || acceptBeforeFailing-- <= 0) {
                TimeoutException e = new TimeoutException("Expiring 1 record(s): 15000 ms has passed since batch creation");
                cb.onCompletion(null, e);
                return CompletableFuture.failedFuture(e);
            }
            return super.send(r, cb);
        }

        List<Long> seqs() {
            return history().stream().filter(r -> r.topic().equals("sonde.disk_io"))
                    .map(r -> ((DiskIo) decode(r)).getEventSeq()).toList();
        }

        private static Object decode(ProducerRecord<byte[], byte[]> r) {
            try {
                return EventCodec.forReading().decode("disk_io", r.value());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private KafkaSink sink(Cluster c, Path spool) throws Exception {
        Properties p = new Properties();
        p.put("sonde.stall.ms", "200");
        p.put("sonde.close.wait.ms", "1500");
        return new KafkaSink(KafkaTarget.of("localhost:9092", p, "sonde", spool, 1 << 20), "h1", Spool.open(spool, 1 << 20), c);
    }

    private static Recording recording() {
        return Rows.recording("r1", Map.of());
    }

    @Test
    void whileKafkaAcknowledgesNothingIsSpooled() throws Exception {
        Cluster c = new Cluster();
        KafkaSink s = sink(c, tmp.resolve("spool"));
        for (long i = 0; i < 100; i++) {
            s.write(EventCodecTest.disk(i));
        }
        s.close();
        s.writeRecording(recording());
        assertEquals(101, c.history().size());
        assertEquals("h1", new String(c.history().get(0).key()));
        assertEquals(0L, s.counters().get("kafka.spooled"));
        assertTrue(s.drained());
    }

    @Test
    void anOutageSpoolsEverythingAndTheReplaySendsItInOrderOnce() throws Exception {
        Cluster c = new Cluster();
        KafkaSink s = sink(c, tmp.resolve("spool"));
        for (long i = 0; i < 10; i++) {
            s.write(EventCodecTest.disk(i));
        }
        c.down = true;
        for (long i = 10; i < 1000; i++) {
            s.write(EventCodecTest.disk(i));
        }
        Thread.sleep(1000); // the replayer's probes fail meanwhile
        assertEquals(10, c.seqs().size());
        c.down = false;
        for (long i = 1000; i < 1100; i++) {
            s.write(EventCodecTest.disk(i));
        }
        s.close();
        s.writeRecording(recording());
        assertEquals(java.util.stream.LongStream.range(0, 1100).boxed().toList(), c.seqs(), "all, in order, once");
        long spooled = s.counters().get("kafka.spooled");
        assertTrue(spooled >= 990, "the rows written while down, and those after until the replay caught up: " + spooled);
        assertEquals(spooled, s.counters().get("kafka.replayed"));
        assertEquals(1, s.counters().get("kafka.outages"));
        assertTrue(String.join("\n", s.summary()).contains(String.format("%,d events spooled", spooled)), s.summary().toString());
    }

    @Test
    void sendsWithoutAcknowledgementForTheStallTimeStartAnOutage() throws Exception {
        MockProducer<byte[], byte[]> silent = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        Path dir = tmp.resolve("spool");
        Properties p = new Properties();
        p.put("sonde.stall.ms", "100");
        KafkaSink s = new KafkaSink(KafkaTarget.of("localhost:9092", p, "sonde", dir, 1 << 20), "h1", Spool.open(dir, 1 << 20), silent);
        s.write(EventCodecTest.disk(0));
        Thread.sleep(150);
        s.tick(System.nanoTime());
        s.write(EventCodecTest.disk(1));
        assertEquals(1, silent.history().size(), "the second row went to the spool");
        assertEquals(1L, s.counters().get("kafka.spooled"));
        assertEquals(1L, s.counters().get("kafka.outages"));
        s.abandon();
    }

    @Test
    void whatIsUnsentAtTheEndStaysInTheSpoolAndTheNextRunSendsItFirst() throws Exception {
        Path dir = tmp.resolve("spool");
        Cluster c = new Cluster();
        c.down = true;
        KafkaSink s = sink(c, dir);
        for (long i = 0; i < 50; i++) {
            s.write(EventCodecTest.disk(i));
        }
        s.close();
        s.writeRecording(recording());
        assertFalse(s.drained());
        assertEquals(51L, s.counters().get("kafka.spooled"), "the rows and the recording row");
        assertTrue(s.summary().get(s.summary().size() - 1).startsWith("Left 51 events in the spool " + dir), s.summary().toString());

        Cluster next = new Cluster();
        KafkaSink again = sink(next, dir);
        again.write(EventCodecTest.disk(1000));
        again.close();
        again.writeRecording(recording());
        List<Long> seqs = next.seqs();
        assertEquals(51, seqs.size());
        assertEquals(java.util.stream.LongStream.range(0, 50).boxed().toList(), seqs.subList(0, 50), "the earlier run's rows first");
        assertEquals(1000L, seqs.get(50));
        assertEquals(51L, again.counters().get("kafka.spool_found"));
        assertTrue(again.drained());
    }

    @Test
    void aReplayCutShortIsRepeatedAndMayDuplicateButNeverLoses() throws Exception {
        Cluster c = new Cluster();
        KafkaSink s = sink(c, tmp.resolve("spool"));
        c.down = true;
        for (long i = 0; i < 300; i++) {
            s.write(EventCodecTest.disk(i));
        }
        c.acceptBeforeFailing = 120; // the cluster comes back, then fails again mid-replay
        c.down = false;
        Thread.sleep(500);
        c.acceptBeforeFailing = Integer.MAX_VALUE;
        s.close();
        s.writeRecording(recording());
        List<Long> seqs = c.seqs();
        assertEquals(java.util.stream.LongStream.range(0, 300).boxed().toList(), seqs.stream().distinct().sorted().toList());
        assertTrue(s.drained());
    }

    @Test
    void anOutageIsAnnouncedWhenItBeginsAndWhenItEndsWithItsCounts() throws Exception {
        Cluster c = new Cluster();
        Path dir = tmp.resolve("spool");
        Properties p = new Properties();
        p.put("sonde.stall.ms", "200");
        List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        KafkaSink s = new KafkaSink(KafkaTarget.of("k1:9092", p, "sonde", dir, 1 << 20), "h1", Spool.open(dir, 1 << 20), c,
                notices::add, false);
        s.write(EventCodecTest.disk(0));
        c.down = true;
        for (long i = 1; i < 41; i++) {
            s.write(EventCodecTest.disk(i));
        }
        assertEquals(List.of("Kafka unreachable at k1:9092 (Expiring 1 record(s): 15000 ms has passed since batch creation):"
                + " spooling events to " + dir + " until it answers"), notices);
        c.down = false;
        s.close();
        s.writeRecording(recording());
        assertEquals(2, notices.size(), notices.toString());
        assertTrue(notices.get(1).matches("Kafka answers again at k1:9092: an outage of \\d+\\.\\d s, 40 events spooled during it"
                + " and replayed; sending directly again"), notices.get(1));
        assertTrue(s.summary().get(1).startsWith("Kafka was unreachable (Expiring 1 record(s)"), s.summary().toString());
        long bytes = c.history().stream().mapToLong(r -> r.value().length).sum();
        assertEquals(bytes, s.bytesWritten(), "the bytes of every message sent, replayed ones included");
    }

    @Test
    void anEarlierRecordingsEventsAreNoOutage() throws Exception {
        Path dir = tmp.resolve("spool");
        Cluster c = new Cluster();
        c.down = true;
        KafkaSink first = sink(c, dir);
        first.write(EventCodecTest.disk(0));
        first.close();
        first.writeRecording(recording());
        List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        Properties p = new Properties();
        p.put("sonde.close.wait.ms", "1500");
        KafkaSink next = new KafkaSink(KafkaTarget.of("k1:9092", p, "sonde", dir, 1 << 20), "h1", Spool.open(dir, 1 << 20),
                new Cluster(), notices::add, false);
        next.write(EventCodecTest.disk(1));
        next.close();
        next.writeRecording(recording());
        assertEquals(List.of(), notices);
        assertEquals(0L, next.counters().get("kafka.outages"));
        assertFalse(String.join("\n", next.summary()).contains("null"), next.summary().toString());
        assertFalse(String.join("\n", next.summary()).contains("unreachable"), next.summary().toString());
    }
}
