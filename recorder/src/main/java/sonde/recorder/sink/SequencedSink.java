package sonde.recorder.sink;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import sonde.schema.Recording;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers the rows of every kind in the order they are written: sets {@code event_seq} to 0, 1,
 * 2, … per kind before handing the row on. This is the one place event ids are assigned, for
 * every sink, on the writer thread, so rows made on several threads (the ring-buffer reader, the
 * symbolizer) still get gap-free numbers, and (recording_id, event_seq) identifies a row after
 * Kafka delivered it more than once. Rows without the field (the recording row) pass unchanged.
 */
public final class SequencedSink implements EventSink {
    static final String FIELD = "event_seq";

    private final EventSink sink;
    private final Map<Schema, long[]> next = new HashMap<>();

    public SequencedSink(EventSink sink) {
        this.sink = sink;
    }

    @Override
    public void write(SpecificRecord row) throws IOException {
        Schema.Field f = row.getSchema().getField(FIELD);
        if (f != null) {
            long[] n = next.computeIfAbsent(row.getSchema(), s -> new long[1]);
            row.put(f.pos(), n[0]++);
        }
        sink.write(row);
    }

    /** Rows numbered so far of a kind's schema: the next event_seq. */
    public long numbered(Schema schema) {
        long[] n = next.get(schema);
        return n == null ? 0 : n[0];
    }

    @Override
    public void tick(long nowNs) throws IOException {
        sink.tick(nowNs);
    }

    @Override
    public void close() throws IOException {
        sink.close();
    }

    @Override
    public void writeRecording(Recording recording) throws IOException {
        sink.writeRecording(recording);
    }

    @Override
    public void abandon() {
        sink.abandon();
    }

    @Override
    public List<String> outputs() {
        return sink.outputs();
    }

    @Override
    public long bytesWritten() {
        return sink.bytesWritten();
    }

    @Override
    public Map<String, Long> counters() {
        return sink.counters();
    }

    public EventSink inner() {
        return sink;
    }
}
