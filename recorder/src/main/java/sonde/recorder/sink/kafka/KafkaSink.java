package sonde.recorder.sink.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import sonde.recorder.sink.EventKinds;
import sonde.recorder.sink.EventSink;
import sonde.schema.Recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows to Kafka: one topic per kind ({@link Topics}), key = host, value = Avro single-object
 * encoding ({@link EventCodec}). Called on the recorder's writer thread, never the capture
 * thread; send() does not block it for long (a bounded producer buffer, a short max.block.ms),
 * and during an outage rows go to the on-disk {@link Spool} ({@link Delivery}, {@link Replayer}).
 *
 * <p>At the end, {@link #close} waits up to the close wait for pending sends and the replay; the
 * recording row follows, and whatever is still unsent stays in the spool, where the next
 * recording with the same spool sends it first.
 */
public final class KafkaSink implements EventSink {
    private final KafkaTarget target;
    private final Topics topics;
    private final byte[] key;
    private final Spool spool;
    private final Producer<byte[], byte[]> producer;
    private final Delivery delivery;
    private final Thread replayer;
    private long deadlineNs = Long.MAX_VALUE;
    private boolean shut;
    private boolean drained;

    KafkaSink(KafkaTarget target, String host, Spool spool, Producer<byte[], byte[]> producer) {
        this.target = target;
        this.topics = target.topics();
        this.key = host.getBytes(StandardCharsets.UTF_8);
        this.spool = spool;
        this.producer = producer;
        this.delivery = new Delivery(producer, spool, target.stallMs());
        this.replayer = new Thread(new Replayer(delivery, producer, spool), "sonde-kafka-replay");
        this.replayer.setDaemon(true);
        this.replayer.start();
    }

    /**
     * Locks a spool, checks that the cluster answers and the topics exist (creating missing ones),
     * and starts the producer; a spool left by a previous run is sent first.
     *
     * @throws sonde.recorder.cli.UserError when the spool is in use or Kafka does not answer
     */
    public static KafkaSink open(KafkaTarget t, String host) {
        Spool spool = SpoolDirs.open(t, host);
        try {
            KafkaClients.checkTopics(t.bootstrap(), t.client(), t.topics().all(), t.connectTimeoutMs());
            Producer<byte[], byte[]> p = new KafkaProducer<>(KafkaClients.producer(t, "sonde-record-" + host));
            return new KafkaSink(t, host, spool, p);
        } catch (RuntimeException e) {
            try {
                spool.close();
            } catch (IOException ignored) {
                // the error being reported matters more
            }
            throw e;
        }
    }

    @Override
    public void write(SpecificRecord row) throws IOException {
        String topic = topics.of(EventKinds.of(row.getSchema()));
        delivery.send(new SpoolRecord(topic, key, EventCodec.encode(row)));
    }

    @Override
    public void tick(long nowNs) throws IOException {
        delivery.tick(nowNs);
    }

    /** Waits, up to the close wait, until everything sent so far is acknowledged and the spool is empty. */
    @Override
    public void close() throws IOException {
        deadlineNs = System.nanoTime() + target.closeWaitMs() * 1_000_000L;
        await(deadlineNs);
        delivery.checkSpool();
    }

    /** Sends the recording row (waiting at least a second for it), then stops, spooling what is unsent. */
    @Override
    public void writeRecording(Recording recording) throws IOException {
        try {
            write(recording);
            drained = await(Math.max(deadlineNs == Long.MAX_VALUE ? 0 : deadlineNs, System.nanoTime() + 1_000_000_000L));
        } finally {
            shutdown();
        }
        delivery.checkSpool();
    }

    private boolean await(long untilNs) {
        try {
            return delivery.awaitDrained(untilNs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void shutdown() throws IOException {
        if (shut) {
            return;
        }
        shut = true;
        delivery.stop();
        producer.close(Duration.ZERO); // unacknowledged sends fail now, into the spool
        try {
            replayer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spool.close();
    }

    @Override
    public void abandon() {
        try {
            shutdown();
        } catch (IOException | RuntimeException ignored) {
            // failing already
        }
    }

    @Override
    public List<String> outputs() {
        return topics.all();
    }

    @Override
    public long bytesWritten() {
        return delivery.sentBytes();
    }

    /** kafka.sent (acknowledged at once), kafka.spooled, kafka.replayed, kafka.dropped, kafka.spool_found, kafka.outages. */
    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("kafka.sent", delivery.sent());
        m.put("kafka.spooled", spool.appended());
        m.put("kafka.replayed", delivery.replayed());
        m.put("kafka.dropped", spool.dropped());
        m.put("kafka.spool_found", spool.foundRecords());
        m.put("kafka.outages", delivery.outages());
        return m;
    }

    /** The summary lines after the recording: what was sent, spooled, replayed, dropped, left. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("Sent %,d events, %s, to kafka at %s (topics %s.*)", delivery.sent() + delivery.replayed(),
                human(delivery.sentBytes()), target.bootstrap(), topics.prefix()));
        if (spool.foundRecords() > 0) {
            lines.add(String.format("Found %,d events of an earlier recording in the spool %s", spool.foundRecords(), spool.dir()));
        }
        if (spool.appended() > 0 || spool.dropped() > 0) {
            lines.add(String.format("Kafka was unreachable (%s): %,d events spooled to %s, %,d replayed%s",
                    delivery.outageReason(), spool.appended(), spool.dir(), delivery.replayed(),
                    spool.dropped() > 0 ? String.format(", %,d DROPPED: the spool reached its bound (%d MiB, --spool-mb)",
                            spool.dropped(), spool.maxBytes() >> 20) : ""));
        }
        long left = spool.records();
        if (left > 0) {
            lines.add(String.format("Left %,d events in the spool %s: the next sonde record --kafka with this spool sends them first",
                    left, spool.dir()));
        }
        return lines;
    }

    /** True when everything was acknowledged before the end (nothing left in the spool). */
    public boolean drained() {
        return drained;
    }

    private static String human(long bytes) {
        return bytes < 1 << 20 ? String.format("%.1f KiB", bytes / 1024.0) : String.format("%.1f MiB", bytes / 1048576.0);
    }
}
