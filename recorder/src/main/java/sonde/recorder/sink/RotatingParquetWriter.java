package sonde.recorder.sink;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The Parquet files of one event kind: DIR/KIND/host=H/date=D/ID-SEQ.parquet. Each is written
 * under a hidden temporary name and renamed only once complete and synced, so a crash loses at
 * most the open file and never leaves a half file that breaks queries. A file is closed when it
 * reaches the size limit, the time limit, or a new UTC date.
 */
final class RotatingParquetWriter {
    private static final int ROW_GROUP_BYTES = 8 << 20;
    private static final int PAGE_BYTES = 256 << 10;
    /**
     * Columns with a new value in nearly every row (times, sequence numbers, sectors, offsets):
     * a dictionary never pays off for them, and trying one in every row group (hashing each
     * value until the writer gives up) was a quarter of the recorder's CPU under a disk load.
     */
    private static final List<String> NO_DICTIONARY = List.of("event_seq", "ts_ns", "issue_ts_ns",
            "complete_ts_ns", "latency_ns", "queue_ns", "sector", "offset_bytes");

    private final OutputDir out;
    private final String kind;
    private final Schema schema;
    private final String host;
    private final String recordingId;
    private final long rotateBytes;
    private final long rotateNs;
    private final List<String> files = new ArrayList<>();
    private ParquetWriter<SpecificRecord> writer;
    private Path tmp;
    private Path target;
    private String date;
    private long openedNs;
    private int seq;
    private long rowsInFile;
    private long bytesClosed;

    RotatingParquetWriter(OutputDir out, String kind, Schema schema, String host, String recordingId,
                          long rotateBytes, long rotateNs) {
        this.out = out;
        this.kind = kind;
        this.schema = schema;
        this.host = host;
        this.recordingId = recordingId;
        this.rotateBytes = rotateBytes;
        this.rotateNs = rotateNs;
    }

    void write(SpecificRecord row, long nowNs) throws IOException {
        if (writer == null) {
            open(nowNs);
        }
        writer.write(row);
        if (++rowsInFile % 1024 == 0 && writer.getDataSize() >= rotateBytes) {
            closeFile();
        }
    }

    void tick(long nowNs) throws IOException {
        if (writer != null && (nowNs - openedNs >= rotateNs || !today().equals(date))) {
            closeFile();
        }
    }

    private void open(long nowNs) throws IOException {
        date = today();
        Path dir = out.subdir(kind + "/host=" + host + "/date=" + date);
        String name = String.format("%s-%05d.parquet", recordingId, seq++);
        target = dir.resolve(name);
        tmp = dir.resolve("." + name + ".tmp");
        OutputDir.createFile(tmp);
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set("parquet.avro.write-old-list-structure", "false");
        Builder b = new Builder(new LocalOutputFile(tmp), schema);
        for (String column : NO_DICTIONARY) {
            if (schema.getField(column) != null) {
                b = b.withDictionaryEncoding(column, false);
            }
        }
        writer = b
                .withConf(conf)
                .withCodecFactory(new ZstdCodecFactory(3))
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize((long) ROW_GROUP_BYTES)
                .withPageSize(PAGE_BYTES)
                .withWriterVersion(org.apache.parquet.column.ParquetProperties.WriterVersion.PARQUET_2_0)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
        openedNs = nowNs;
        rowsInFile = 0;
    }

    private void closeFile() throws IOException {
        ParquetWriter<SpecificRecord> w = writer;
        writer = null;
        w.close();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        bytesClosed += Files.size(target);
        files.add(out.root().relativize(target).toString());
    }

    /** Closes the open file, if any, making it visible. */
    void close() throws IOException {
        if (writer != null) {
            closeFile();
        }
    }

    /** After a failed write: the open file cannot be completed, so it is removed, not left half-written. */
    void abandon() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                // the file is being discarded anyway
            }
            writer = null;
        }
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

    /** ParquetWriter's builder for {@link SpecificWriteSupport}. */
    private static final class Builder extends ParquetWriter.Builder<SpecificRecord, Builder> {
        private final Schema schema;

        Builder(LocalOutputFile file, Schema schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<SpecificRecord> getWriteSupport(ParquetConfiguration conf) {
            return new SpecificWriteSupport(schema);
        }

        @Override
        protected WriteSupport<SpecificRecord> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new SpecificWriteSupport(schema);
        }
    }

    private static String today() {
        return Instant.now().atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
