package sonde.analyzer.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import sonde.analyzer.out.Json;
import sonde.recorder.sink.OutputDir;

/**
 * Messages the ingester cannot use (an unknown schema fingerprint, a corrupt value, no host key),
 * kept instead of lost: {@code DIR/dead-letter/<ingest-id>.jsonl}, one JSON object per line with
 * the keys topic, partition, offset, timestamp_ms, key, reason, value_base64. Read them with
 * {@code SELECT * FROM read_json('DIR/dead-letter/*.jsonl')}. Synced before offsets are committed.
 */
final class DeadLetters implements AutoCloseable {
    private final OutputDir dir;
    private final Path file;
    private FileChannel out;
    private long count;

    DeadLetters(OutputDir dir, String ingestId) {
        this.dir = dir;
        this.file = dir.root().resolve("dead-letter").resolve(ingestId + ".jsonl");
    }

    void add(ConsumerRecord<byte[], byte[]> r, String reason) throws IOException {
        if (out == null) {
            dir.subdir("dead-letter");
            out = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        }
        StringBuilder sb = new StringBuilder("{\"topic\":");
        Json.string(sb, r.topic());
        sb.append(",\"partition\":").append(r.partition()).append(",\"offset\":").append(r.offset())
                .append(",\"timestamp_ms\":").append(r.timestamp()).append(",\"key\":");
        if (r.key() == null) {
            sb.append("null");
        } else {
            Json.string(sb, new String(r.key(), StandardCharsets.UTF_8));
        }
        sb.append(",\"reason\":");
        Json.string(sb, reason);
        sb.append(",\"value_base64\":");
        Json.string(sb, r.value() == null ? "" : Base64.getEncoder().encodeToString(r.value()));
        sb.append("}\n");
        ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            out.write(b);
        }
        count++;
    }

    /** Makes what was added durable (before the offsets past those messages are committed). */
    void sync() throws IOException {
        if (out != null) {
            out.force(true);
        }
    }

    long count() {
        return count;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            sync();
            out.close();
            out = null;
        }
    }
}
