package sonde.analyzer.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import sonde.recorder.sink.OutputDir;
import sonde.recorder.sink.ParquetSink;
import sonde.schema.DiskIo;
import sonde.schema.Recording;
import sonde.schema.VfsIo;

/**
 * A recording directory written by the recorder's own {@link ParquetSink}, so that column
 * types are exactly what {@code sonde record} writes. Rows are added with a few fields that
 * matter to a report; the rest get plausible fixed values. Host h1, recording id r1; the date
 * partition is today's, as the sink decides.
 */
public final class Recorded {
    private static final long NO_ROTATION = Long.MAX_VALUE / 2;

    private final List<SpecificRecord> rows = new ArrayList<>();

    /** A block request seen at {@code tsNs}, issued 10 µs later, completed after latencyNs (null: never). */
    public Recorded disk(long tsNs, int pid, String comm, String device, String op, Long latencyNs) {
        long issue = tsNs + 10_000;
        int minor = device.equals("vda") ? 0 : 16;
        rows.add(new DiskIo("r1", (long) rows.size(), tsNs, issue, latencyNs == null ? null : issue + latencyNs, latencyNs, 10_000L,
                253 << 20 | minor, 253, minor, device, tsNs % 1_000_000, 4096L, op, op, latencyNs == null ? null : 0,
                pid, pid, comm, comm.startsWith("kworker"), 0, latencyNs == null ? 0 : 1, null, null, null, null, false, false));
        return this;
    }

    /**
     * A completed read (syscall read or pread64) or write call of 4 KiB on {@code path}.
     *
     * @param device null for a file system without a block device (tmpfs, proc)
     */
    public Recorded vfs(long tsNs, int pid, String comm, String syscall, String fsType, String device, String path,
                        long latencyNs) {
        String op = syscall.contains("read") ? "R" : "W";
        Integer major = device == null ? null : 253;
        Integer minor = device == null ? null : 0;
        rows.add(new VfsIo("r1", (long) rows.size(), tsNs, latencyNs, pid, pid, comm, syscall, op, 3,
                syscall.startsWith("p") ? 0L : null, 4096L, 4096L, null, 0L, "file", path, fsType, major, minor, device,
                1234L, false));
        return this;
    }

    /** Writes the rows and, with a start, the recording row (0 lost events). */
    public Path write(Path dir, Long startNs, Long endNs) {
        ParquetSink sink = new ParquetSink(OutputDir.prepare(dir), "h1", "r1", NO_ROTATION, NO_ROTATION);
        try {
            for (SpecificRecord row : rows) {
                sink.write(row);
            }
            sink.close();
            if (startNs != null) {
                sink.writeRecording(new Recording("r1", "0.1.0", "6.1.0-test", 2, 4242, "record --disk --vfs",
                        Map.of("kinds", "disk,vfs"), List.of("block:block_rq_issue", "block:block_rq_complete"),
                        startNs, endNs, 1_700_000_000_000_000_000L, "mono", Map.of("disk_io", (long) rows.size()),
                        List.of(), 0L, Map.of(), sink.outputs(), "signal"));
            }
        } catch (IOException e) {
            sink.abandon();
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
