package sonde.recorder.sink;

import sonde.recorder.sink.table.Struct;
import sonde.recorder.sink.table.Table;
import sonde.schema.LostEvents;
import sonde.schema.Recording;

import java.util.List;
import java.util.Map;

/**
 * The recording row as plain values (the fields of recording.avsc, in order), so that a local
 * recording writes it without Avro objects; {@link #toAvro} makes the record for Kafka.
 */
public record RecordingRow(String recordingId, String sondeVersion, String kernelRelease, int cpus, int recorderPid,
                           String commandLine, Map<String, String> options, List<String> tracepoints, long startTsNs,
                           long endTsNs, long clockOffsetNs, String traceClock, Map<String, Long> eventCounts,
                           List<Lost> lostEvents, long lostEventsTotal, Map<String, Long> counters, List<String> files,
                           String endedBy) {

    /** Events lost in one CPU's buffer of one source (lost_events.avsc). */
    public record Lost(String source, String kind, int cpu, long lostEvents) implements Struct {
        @Override
        public Object get(int field) {
            return switch (field) {
                case 0 -> source;
                case 1 -> kind;
                case 2 -> cpu;
                case 3 -> lostEvents;
                default -> throw new IndexOutOfBoundsException(field);
            };
        }
    }

    /** Sets every field of the batch's next row. */
    void fill(RowBatch b) {
        Object[] v = {recordingId, sondeVersion, kernelRelease, cpus, recorderPid, commandLine, options, tracepoints,
            startTsNs, endTsNs, clockOffsetNs, traceClock, eventCounts, lostEvents, lostEventsTotal, counters, files,
            endedBy};
        for (Table.Field f : Table.RECORDING.fields()) {
            Object x = v[f.pos()];
            switch (f.type()) {
                case LONG -> b.set(f.pos(), ((Number) x).longValue());
                case INT -> b.set(f.pos(), ((Number) x).intValue());
                default -> b.set(f.pos(), x);
            }
        }
    }

    public Recording toAvro() {
        return new Recording(recordingId, sondeVersion, kernelRelease, cpus, recorderPid, commandLine, options,
                tracepoints, startTsNs, endTsNs, clockOffsetNs, traceClock, eventCounts,
                lostEvents.stream().map(l -> new LostEvents(l.source(), l.kind(), l.cpu(), l.lostEvents())).toList(),
                lostEventsTotal, counters, files, endedBy);
    }
}
