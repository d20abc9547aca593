package sonde.recorder.sink;

import org.apache.avro.specific.SpecificRecord;
import sonde.recorder.sink.table.Table;
import sonde.schema.Recording;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Local Parquet files, one rotating dataset per event kind (the embedded default sink). */
public final class ParquetSink implements EventSink {
    private final OutputDir out;
    private long recordingBytes;
    private final String host;
    private final String recordingId;
    private final long rotateBytes;
    private final long rotateNs;
    private final Map<String, RotatingParquetWriter> writers = new LinkedHashMap<>();
    private FileCloseHook hook;

    public ParquetSink(OutputDir out, String host, String recordingId, long rotateBytes, long rotateNs) {
        this.out = out;
        this.host = host;
        this.recordingId = recordingId;
        this.rotateBytes = rotateBytes;
        this.rotateNs = rotateNs;
    }

    /** Tells {@code hook} of every data file closed from now on (before the first write). */
    public ParquetSink withCloseHook(FileCloseHook hook) {
        this.hook = hook;
        return this;
    }

    @Override
    public void write(SpecificRecord row) throws IOException {
        RotatingParquetWriter w = writer(row.getSchema());
        try {
            w.write(row, System.nanoTime());
        } catch (IOException | RuntimeException e) {
            w.abandon();
            throw e;
        }
    }

    @Override
    public void write(RowBatch rows, long nowNs) throws IOException {
        RotatingParquetWriter w = writer(rows.table());
        try {
            w.write(rows, nowNs);
        } catch (IOException | RuntimeException e) {
            w.abandon();
            throw e;
        }
    }

    private RotatingParquetWriter writer(org.apache.avro.Schema schema) {
        return writer(EventKinds.table(schema));
    }

    private RotatingParquetWriter writer(Table table) {
        return writers.computeIfAbsent(table.kind(),
                kind -> new RotatingParquetWriter(out, table, host, recordingId, rotateBytes, rotateNs, hook));
    }

    @Override
    public void tick(long nowNs) throws IOException {
        for (RotatingParquetWriter w : writers.values()) {
            try {
                w.tick(nowNs);
            } catch (IOException | RuntimeException e) {
                w.abandon();
                throw e;
            }
        }
    }

    /**
     * Closes every open file now, each synced and renamed into place, so that every row written
     * so far is durable; later rows start new files. (The ingester calls this before it commits
     * the Kafka offsets of those rows.)
     */
    public void rotate() throws IOException {
        close();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (RotatingParquetWriter w : writers.values()) {
            try {
                w.close();
            } catch (IOException e) {
                w.abandon();
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void writeRecording(Recording recording) throws IOException {
        writeRecording(w -> w.write(recording, System.nanoTime()));
    }

    @Override
    public void writeRecording(RecordingRow recording) throws IOException {
        writeRecording(w -> w.write(recording));
    }

    private interface Write {
        void to(RotatingParquetWriter w) throws IOException;
    }

    private void writeRecording(Write write) throws IOException {
        RotatingParquetWriter w = new RotatingParquetWriter(out, Table.RECORDING, host, recordingId, rotateBytes,
                rotateNs);
        try {
            write.to(w);
            w.close();
            recordingBytes += w.bytesClosed();
        } catch (IOException | RuntimeException e) {
            w.abandon();
            throw e;
        }
    }

    /** Closes whatever can be closed after a failure, removing unfinished files. */
    @Override
    public void abandon() {
        writers.values().forEach(RotatingParquetWriter::abandon);
    }

    @Override
    public List<String> outputs() {
        List<String> all = new ArrayList<>();
        writers.values().forEach(w -> all.addAll(w.files()));
        return all;
    }

    /** The files closed since the last call, then forgotten, so that a long-running writer's list stays short. */
    public List<String> takeOutputs() {
        List<String> all = outputs();
        writers.values().forEach(RotatingParquetWriter::forgetFiles);
        return all;
    }

    /** Bytes of the files closed, the recording row's file included once written. */
    @Override
    public long bytesWritten() {
        return recordingBytes + writers.values().stream().mapToLong(RotatingParquetWriter::bytesClosed).sum();
    }
}
