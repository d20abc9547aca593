package sonde.analyzer.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sonde.recorder.cli.Reasons;
import sonde.recorder.sink.OutputDir;
import sonde.recorder.sink.ParquetSink;
import sonde.recorder.sink.kafka.EventCodec;
import sonde.recorder.sink.kafka.Topics;

/**
 * The consumer loop of {@code sonde ingest}: decodes every message of the sonde topics, writes it
 * through the recorder's {@link ParquetSink} (one per host, the host being the message key) into
 * the same layout a local recording has, and at every rotation closes all open files (synced,
 * renamed into place) and only then commits the offsets of the messages in them. A crash
 * therefore loses no message: what was not in a closed file is read again. What was in a file
 * closed just before a crash, before its commit, is read again too: delivery is at least once,
 * and (recording_id, event_seq) identifies the duplicates. Partitions taken away by a rebalance
 * are committed the same way first, so ingesters sharing a group rarely duplicate anything.
 */
final class Ingester implements ConsumerRebalanceListener {
    private final IngestOptions o;
    private final Consumer<byte[], byte[]> consumer;
    private final OutputDir out;
    private final String ingestId;
    private final Topics topics;
    private final EventCodec codec = EventCodec.forReading();
    private final Map<String, ParquetSink> sinks = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    private final DeadLetters dead;
    private final Map<String, Long> rows = new LinkedHashMap<>();
    private long files;
    private long commits;
    private boolean finished;

    Ingester(IngestOptions o, Consumer<byte[], byte[]> consumer, String ingestId) {
        this.o = o;
        this.consumer = consumer;
        this.out = OutputDir.prepare(o.out());
        this.ingestId = ingestId;
        this.topics = new Topics(o.topicPrefix());
        this.dead = new DeadLetters(out, ingestId);
    }

    /** Consumes until {@code stop} says so (checked after every poll) or the duration ends; then commits. */
    void run(BooleanSupplier stop) throws IOException {
        consumer.subscribe(topics.all(), this);
        long start = System.nanoTime();
        long lastRotate = start;
        try {
            while (!stop.getAsBoolean() && (o.durationNs() < 0 || System.nanoTime() - start < o.durationNs())) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    take(r);
                    pending.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                if (System.nanoTime() - lastRotate >= o.rotateNs()) {
                    commit();
                    lastRotate = System.nanoTime();
                }
            }
            commit();
            consumer.unsubscribe(); // leaves the group now (its revoke callback has nothing left to commit)
        } finally {
            finished = true; // close() revokes the partitions once more: nothing may be committed then
            dead.close();
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> r) throws IOException {
        String kind = topics.kindOf(r.topic());
        if (r.key() == null || r.key().length == 0) {
            dead.add(r, "no host key");
            return;
        }
        String host = new String(r.key(), StandardCharsets.UTF_8).replaceAll("[^A-Za-z0-9._-]", "_");
        SpecificRecord row;
        try {
            row = codec.decode(kind, r.value() == null ? new byte[0] : r.value());
        } catch (Exception e) {
            dead.add(r, reason(r, e));
            return;
        }
        sinks.computeIfAbsent(host, h -> new ParquetSink(out, h, ingestId, o.rotateBytes(), Long.MAX_VALUE)).write(row);
        rows.merge(kind, 1L, Long::sum);
    }

    private static String reason(ConsumerRecord<byte[], byte[]> r, Exception e) {
        Long fp = EventCodec.fingerprintOf(r.value());
        String m = Reasons.of(e);
        if (e instanceof org.apache.avro.message.MissingSchemaException) {
            return "unknown schema fingerprint " + String.format("%016x", fp);
        }
        return (fp == null ? "not avro single-object encoded" : "corrupt value") + ": " + m;
    }

    /** Closes every open file durably, syncs the dead letters, then commits what they hold. */
    void commit() throws IOException {
        for (ParquetSink s : sinks.values()) {
            s.rotate();
            files += s.takeOutputs().size();
        }
        dead.sync();
        if (!pending.isEmpty()) {
            consumer.commitSync(Map.copyOf(pending));
            pending.clear();
            commits++;
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (finished) {
            return;
        }
        try {
            commit();
        } catch (IOException e) {
            throw new IngestFailure(e);
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        // offsets come from the group's commits
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        partitions.forEach(pending::remove); // no longer ours to commit: another ingester reads them again
    }

    /** Rows written per kind. */
    Map<String, Long> rows() {
        return rows;
    }

    long files() {
        return files;
    }

    long commits() {
        return commits;
    }

    DeadLetters deadLetters() {
        return dead;
    }

    /** A write failure inside a rebalance callback, carried out of poll(). */
    static final class IngestFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IngestFailure(IOException e) {
            super(e.getMessage(), e);
        }
    }
}
