package sonde.recorder.sink;

import org.apache.avro.specific.SpecificRecord;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import sonde.recorder.sink.internal.FileOutput;
import sonde.recorder.sink.table.Table;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Parquet files of one event kind: DIR/KIND/host=H/date=D/ID-SEQ.parquet, one row group per
 * batch of rows. Each file is written under a hidden temporary name and renamed only once
 * complete and synced, so a crash loses at most the open file and never leaves a half file
 * that breaks queries. A file is closed when it reaches the size limit, the time limit, or a
 * new UTC date.
 */
final class RotatingParquetWriter {
    /** Rows of one row group when rows come one by one ({@link #write(SpecificRecord, long)}). */
    static final int RECORD_BATCH_ROWS = 16_384;
    /**
     * List and map entries (stack frames) of one such row group: a row group is built in memory,
     * and 16,384 stacks of a hundred frames would not fit the heap of a small importer.
     */
    static final int RECORD_BATCH_ENTRIES = 65_536;

    private final OutputDir out;
    private final Table table;
    private final Map<String, String> footer;
    private final String host;
    private final String recordingId;
    private final long rotateBytes;
    private final long rotateNs;
    private final List<String> files = new ArrayList<>();
    private final FileCloseHook hook;
    private ParquetFileWriter writer;
    private RowGroupEncoder encoder;
    private RowBatch pending;
    private int pendingEntries;
    private Path tmp;
    private Path target;
    private String date;
    private long openedNs;
    private int seq;
    private long bytesClosed;

    RotatingParquetWriter(OutputDir out, Table table, String host, String recordingId, long rotateBytes,
                          long rotateNs) {
        this(out, table, host, recordingId, rotateBytes, rotateNs, null);
    }

    /** @param hook told of every file closed, or null */
    RotatingParquetWriter(OutputDir out, Table table, String host, String recordingId, long rotateBytes,
                          long rotateNs, FileCloseHook hook) {
        this.out = out;
        this.hook = hook;
        this.table = table;
        // as parquet-avro writes it: Avro-aware readers read the rows back as records of this schema
        this.footer = Map.of("parquet.avro.schema", table.avroJson(), "writer.model.name", "avro");
        this.host = host;
        this.recordingId = recordingId;
        this.rotateBytes = rotateBytes;
        this.rotateNs = rotateNs;
    }

    /** Writes a batch as one row group. */
    void write(RowBatch b, long nowNs) throws IOException {
        if (b.size == 0) {
            return;
        }
        flushPending(nowNs);
        writeRowGroup(b, nowNs);
    }

    /** Adds one row; rows are written a row group at a time. */
    void write(SpecificRecord row, long nowNs) throws IOException {
        if (writer == null) {
            open(nowNs); // the file exists (hidden) from the first row on
        }
        if (pending == null) {
            pending = new RowBatch(table, RECORD_BATCH_ROWS);
        }
        pendingEntries += pending.setAll(row);
        pending.append();
        if (pending.full() || pendingEntries >= RECORD_BATCH_ENTRIES) {
            flushPending(nowNs);
        }
    }

    /** The recording row, as one row group of its own. */
    void write(RecordingRow row) throws IOException {
        RowBatch b = new RowBatch(table, 1);
        row.fill(b);
        b.append();
        write(b, System.nanoTime());
    }

    private void flushPending(long nowNs) throws IOException {
        if (pending != null && pending.size > 0) {
            writeRowGroup(pending, nowNs);
            pending.clear();
            pendingEntries = 0;
        }
    }

    private void writeRowGroup(RowBatch b, long nowNs) throws IOException {
        if (writer == null) {
            open(nowNs);
        }
        encoder.write(b, writer);
        if (writer.getPos() >= rotateBytes) {
            closeFile();
        }
    }

    void tick(long nowNs) throws IOException {
        if (writer != null && (nowNs - openedNs >= rotateNs || !today().equals(date))) {
            flushPending(nowNs);
            closeFile();
        }
    }

    private void open(long nowNs) throws IOException {
        date = today();
        Path dir = out.subdir(table.kind() + "/host=" + host + "/date=" + date);
        String name = String.format("%s-%05d.parquet", recordingId, seq++);
        target = dir.resolve(name);
        tmp = dir.resolve("." + name + ".tmp");
        OutputDir.createFile(tmp);
        ParquetProperties props = ParquetProperties.builder()
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withPageWriteChecksumEnabled(false)
                .build();
        writer = new ParquetFileWriter(new FileOutput(tmp), table.parquet(), ParquetFileWriter.Mode.OVERWRITE,
                rotateBytes, 0, null, props);
        writer.start();
        encoder = new RowGroupEncoder(table);
        openedNs = nowNs;
    }

    private void closeFile() throws IOException {
        ParquetFileWriter w = writer;
        writer = null;
        encoder.close();
        encoder = null;
        Map<String, String> meta = footer;
        if (hook != null) {
            meta = new HashMap<>(footer);
            meta.putAll(hook.footer(table.kind()));
        }
        w.end(meta);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        if (hook != null) {
            hook.beforeRename(table.kind(), out.root().relativize(target));
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        bytesClosed += Files.size(target);
        files.add(out.root().relativize(target).toString());
    }

    /** Closes the open file, if any, making it visible. */
    void close() throws IOException {
        flushPending(System.nanoTime());
        if (writer != null) {
            closeFile();
        }
    }

    /** After a failed write: the open file cannot be completed, so it is removed, not left half-written. */
    void abandon() {
        if (writer != null) {
            writer.abort();
            writer = null;
        }
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
        pending = null;
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // a hidden .tmp file is ignored by readers
            }
        }
    }

    List<String> files() {
        return files;
    }

    void forgetFiles() {
        files.clear();
    }

    long bytesClosed() {
        return bytesClosed;
    }

    private static String today() {
        return Instant.now().atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
