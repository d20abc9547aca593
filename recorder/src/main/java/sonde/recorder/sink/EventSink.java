package sonde.recorder.sink;

import org.apache.avro.specific.SpecificRecord;
import sonde.schema.Recording;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Where recorded rows go: local Parquet files, or Kafka. Called from one thread. */
public interface EventSink {
    void write(SpecificRecord row) throws IOException;

    /** Writes a batch of rows of one kind; the batch is not kept. */
    default void write(RowBatch rows, long nowNs) throws IOException {
        for (int i = 0; i < rows.size(); i++) {
            write((SpecificRecord) rows.record(i));
        }
    }

    /** Closes files that have been open longer than the rotation interval; called when idle too. */
    void tick(long nowNs) throws IOException;

    /** Flushes and closes every data file; only {@link #writeRecording} may follow. */
    void close() throws IOException;

    /** Writes the recording's metadata row, last, after {@link #close}, and makes it durable. */
    void writeRecording(Recording recording) throws IOException;

    /** {@link #writeRecording(Recording)} of a recording made here (a local sink writes it without Avro). */
    default void writeRecording(RecordingRow recording) throws IOException {
        writeRecording(recording.toAvro());
    }

    /** Where the rows went, for the summary and the recording row (relative file paths, or topics). */
    List<String> outputs();

    /** Bytes written so far (closed files). */
    long bytesWritten();

    /** After a failed write: give up what cannot be completed (unfinished files), never throwing. */
    default void abandon() {
    }

    /** Diagnostics for the recording row's counters map (e.g. kafka.spooled), by name. */
    default Map<String, Long> counters() {
        return Map.of();
    }
}
