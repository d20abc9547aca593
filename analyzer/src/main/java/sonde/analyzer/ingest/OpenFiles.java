package sonde.analyzer.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import sonde.analyzer.db.SeqRanges;
import sonde.recorder.sink.FileCloseHook;

/**
 * What the open files of one host's sink hold, per kind: the first and last offset of their
 * messages per partition, and the event_seq ranges of their rows. Written into each file's footer
 * when it closes ({@value #OFFSETS}, and {@link SeqRanges#KEY}), after the file is noted in the
 * ledger. Messages of one partition arrive in offset order and a host's rows of a kind go to one
 * open file at a time, so every message of that host and partition between the first and the last
 * offset is in the file (or in the dead letters).
 */
final class OpenFiles implements FileCloseHook {
    /** Footer entry: one line per partition, {@code TOPIC PARTITION FIRST_OFFSET LAST_OFFSET}. */
    static final String OFFSETS = "sonde.kafka.offsets";

    private final Ledger ledger;
    private final Map<String, Held> byKind = new HashMap<>();

    private static final class Held {
        final Map<TopicPartition, long[]> offsets = new LinkedHashMap<>();
        final SeqRanges seqs = new SeqRanges();
    }

    OpenFiles(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Notes a message whose row is about to be written to the open file of {@code kind}. */
    void add(String kind, TopicPartition tp, long offset, SpecificRecord row) {
        Held h = byKind.computeIfAbsent(kind, k -> new Held());
        long[] r = h.offsets.get(tp);
        if (r == null) {
            h.offsets.put(tp, new long[] {offset, offset});
        } else {
            r[1] = offset;
        }
        Schema.Field id = row.getSchema().getField("recording_id");
        Schema.Field seq = row.getSchema().getField("event_seq");
        if (id != null && seq != null && row.get(id.pos()) != null && row.get(seq.pos()) instanceof Long n) {
            h.seqs.add(row.get(id.pos()).toString(), n);
        }
    }

    @Override
    public Map<String, String> footer(String kind) {
        Held h = byKind.remove(kind);
        if (h == null) {
            return Map.of();
        }
        StringBuilder sb = new StringBuilder();
        h.offsets.forEach((tp, r) -> sb.append(tp.topic()).append(' ').append(tp.partition()).append(' ').append(r[0]).append(' ')
                .append(r[1]).append('\n'));
        Map<String, String> m = new HashMap<>();
        m.put(OFFSETS, sb.toString());
        if (!h.seqs.isEmpty()) {
            m.put(SeqRanges.KEY, h.seqs.format());
        }
        return m;
    }

    @Override
    public void beforeRename(String kind, Path file) throws IOException {
        ledger.add(file);
    }
}
