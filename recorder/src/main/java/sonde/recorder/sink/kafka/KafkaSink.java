package sonde.recorder.sink.kafka;

import org.apache.avro.specific.SpecificRecord;
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
import java.util.function.Consumer;

/**
 * Rows to Kafka: one topic per kind ({@link Topics}), key = host, value = Avro single-object
 * encoding ({@link EventCodec}). Called on the recorder's writer thread, never the capture
 * thread; send() does not block it for long (a bounded producer buffer, a short max.block.ms),
 * and during an outage rows go to the on-disk {@link Spool} ({@link Delivery}, {@link Replayer}).
 * Kafka down at the start is an outage like any other ({@link Connector}).
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
    private final Thread connector;
    private long deadlineNs = Long.MAX_VALUE;
    private boolean shut;
    private boolean drained;

    /** A sink whose producer is ready at once (a test's mock producer); outage lines are dropped. */
    KafkaSink(KafkaTarget target, String host, Spool spool, Producer<byte[], byte[]> producer) {
        this(target, host, spool, producer, line -> { }, false);
    }

    /**
     * @param notices where the lines that an outage began or ended go (stderr)
     * @param connect whether the cluster must be made ready first ({@link Connector}), else it is
     */
    KafkaSink(KafkaTarget target, String host, Spool spool, Producer<byte[], byte[]> producer, Consumer<String> notices,
              boolean connect) {
        this.target = target;
        this.topics = target.topics();
        this.key = host.getBytes(StandardCharsets.UTF_8);
        this.spool = spool;
        this.producer = producer;
        this.delivery = new Delivery(producer, spool, target, notices);
        this.replayer = new Thread(new Replayer(delivery, producer, spool), "sonde-kafka-replay");
        this.replayer.setDaemon(true);
        this.replayer.start();
        this.connector = new Thread(new Connector(target, producer, delivery), "sonde-kafka-connect");
        this.connector.setDaemon(true);
        if (connect) {
            connector.start();
        } else {
            delivery.ready();
        }
    }

    /** {@link #open(KafkaTarget, String, Consumer)} with the outage lines on stderr. */
    public static KafkaSink open(KafkaTarget t, String host) {
        return open(t, host, System.err::println);
    }

    /**
     * Starts the producer and locks a spool, without waiting for the cluster: rows are held in
     * memory while it is made ready (the topics checked, created if missing, their metadata
     * fetched), and spooled if that takes longer than the connect timeout (an outage, announced to
     * notices, like its end). A spool left by a previous run is sent first.
     *
     * @throws sonde.recorder.cli.UserError when no host name of the bootstrap servers resolves, the
     *                                      client configuration is bad, or the spool is in use
     */
    public static KafkaSink open(KafkaTarget t, String host, Consumer<String> notices) {
        Producer<byte[], byte[]> p = KafkaClients.newProducer(t, "sonde-record-" + host);
        try {
            return new KafkaSink(t, host, SpoolDirs.open(t, host), p, notices, true);
        } catch (RuntimeException e) {
            p.close(Duration.ZERO);
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
        delivery.checkFailure();
    }

    /** Sends the recording row (waiting at least a second for it), then stops, spooling what is unsent. */
    @Override
    public void writeRecording(Recording recording) throws IOException {
        try {
            if (delivery.direct()) {
                // a topic not sent to for a week has left the producer's metadata (metadata.max.idle.ms)
                Connector.warm(producer, List.of(topics.of(EventKinds.RECORDING)), 2_000);
            }
            write(recording);
            drained = await(Math.max(deadlineNs == Long.MAX_VALUE ? 0 : deadlineNs, System.nanoTime() + 1_000_000_000L));
        } finally {
            shutdown();
        }
        delivery.checkFailure();
    }

    private boolean await(long untilNs) throws IOException {
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
        connector.interrupt();
        producer.close(Duration.ZERO); // unacknowledged sends fail now, into the spool
        try {
            replayer.join(5_000);
            connector.join(1_000); // an Admin call it was in may take longer: it is a daemon, and ends
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
            long n = delivery.outages();
            String why = n > 0 ? String.format("Kafka was unreachable (%s%s): %,d events spooled to %s", delivery.outageReason(),
                    n > 1 ? String.format("; %,d outages", n) : "", spool.appended(), spool.dir())
                    : String.format(spool.foundRecords() > 0 ? "%,d events spooled to %s behind the earlier recording's"
                    : "%,d events unacknowledged at the end spooled to %s", spool.appended(), spool.dir());
            lines.add(String.format("%s, %,d replayed%s", why, delivery.replayed(),
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
