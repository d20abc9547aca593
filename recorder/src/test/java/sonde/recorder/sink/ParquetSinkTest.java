package sonde.recorder.sink;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.testing.ZstdCodecFactory;
import sonde.schema.CpuSample;
import sonde.schema.DiskIo;
import sonde.schema.Frame;
import sonde.schema.LostEvents;
import sonde.schema.Recording;
import sonde.schema.VfsIo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Parquet sink on real files: what is written reads back field for field with parquet-avro. */
class ParquetSinkTest {
    @TempDir
    Path tmp;

    static DiskIo disk(long ts, Integer wbPid) {
        return new DiskIo("r1", 0L, ts, ts + 10, ts + 500, 490L, 10L, 254 << 20, 254, 0, "vda", 2048L, 4096L, "WS", "W", 0,
                7, 7, "dd", wbPid != null, 0, 1, wbPid, wbPid == null ? null : "writer", wbPid == null ? null : 12L,
                wbPid == null ? null : "254:0", false, false);
    }

    static VfsIo vfs(long ts) {
        return new VfsIo("r1", 0L, ts, 1200L, 7, 8, "cat", "read", "R", 3, null, 131072L, 131072L, null, 0L, "file",
                "/etc/passwd", "ext4", 254, 1, "vda", 42L, false);
    }

    static CpuSample sample(long ts) {
        return new CpuSample("r1", 0L, ts, 1, 7, 8, "spin", 1_003_009L, List.of(new Frame("main", "/bin/spin", "user", 0x1000L),
                new Frame("spin_here", "/bin/spin", "user", 0x1100L), new Frame("irq_exit", "[kernel.kallsyms]", "kernel", -8L)));
    }

    static Recording recording() {
        return new Recording("r1", "0.1.0", "6.18", 2, 99, "record", Map.of("kinds", "disk"), List.of("block:block_rq_issue"),
                1L, 2L, 3L, "mono", Map.of("disk_io", 2L), List.of(new LostEvents("tracefs", "disk_io", 1, 5L)), 5L,
                Map.of("disk_io.incomplete", 0L), List.of("disk_io/x.parquet"), "duration");
    }

    @Test
    void everyKindReadsBackFieldForField() throws Exception {
        ParquetSink sink = new ParquetSink(OutputDir.prepare(tmp), "h1", "r1", 64 << 20, 60_000_000_000L);
        List<SpecificRecord> rows = List.of(disk(1, null), disk(2, 4242), vfs(3), sample(4));
        for (SpecificRecord r : rows) {
            sink.write(r);
        }
        sink.close();
        sink.writeRecording(recording());
        assertEquals(List.of(rows.get(0).toString(), rows.get(1).toString()), read(tmp, "disk_io"));
        assertEquals(List.of(rows.get(2).toString()), read(tmp, "vfs_io"));
        assertEquals(List.of(rows.get(3).toString()), read(tmp, "cpu_sample"));
        assertEquals(List.of(recording().toString()), read(tmp, "recording"));
    }

    @Test
    void manyDistinctStringsAndUniqueTimesReadBackExactly() throws Exception {
        // more distinct names than the writer keeps encoded, and times, sectors and sequence
        // numbers new in every row (no dictionary, delta-encoded), across several row groups
        ParquetSink sink = new ParquetSink(OutputDir.prepare(tmp), "h1", "r1", 256 << 20, 60_000_000_000L);
        List<String> expected = new ArrayList<>();
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 300_000; i++) {
            long ts = 1_000_000_000_000L + i * 1_337L + r.nextInt(1000);
            DiskIo d = new DiskIo("r1", (long) i, ts, ts + 10, ts + 500 + i, 490L + i, 10L, 254 << 20, 254, 0, "vda",
                    r.nextLong() & 0xffffffffffL, 4096L, i % 2 == 0 ? "R" : "WS", i % 2 == 0 ? "R" : "W", 0, 7 + i % 5000,
                    7, "p" + (i % 5000) + (i % 11 == 0 ? "\u00e9" : ""), false, 0, 1, null, null, null, null, false, false);
            sink.write(d);
            if (i % 997 == 0) {
                expected.add(d.toString());
            }
        }
        sink.close();
        List<String> back = read(tmp, "disk_io");
        assertEquals(300_000, back.size());
        List<String> sampled = new ArrayList<>();
        for (int i = 0; i < back.size(); i += 997) {
            sampled.add(back.get(i));
        }
        assertEquals(expected, sampled);
    }

    @Test
    void filesAppearOnlyWhenCompleteAndAreNotWorldReadable() throws Exception {
        ParquetSink sink = new ParquetSink(OutputDir.prepare(tmp), "h1", "r1", 64 << 20, 60_000_000_000L);
        sink.write(disk(1, null));
        assertEquals(List.of(), files(tmp, ".parquet"), "nothing visible while open");
        assertEquals(1, files(tmp, ".tmp").size(), "a hidden temporary");
        sink.close();
        List<Path> done = files(tmp, ".parquet");
        assertEquals(1, done.size());
        assertEquals(List.of(), files(tmp, ".tmp"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(done.get(0))));
        assertTrue(done.get(0).toString().contains("/disk_io/host=h1/date="), done.get(0).toString());
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(done.get(0).getParent())));
    }

    @Test
    void rotatesByTime() throws Exception {
        ParquetSink sink = new ParquetSink(OutputDir.prepare(tmp), "h1", "r1", 64 << 20, 1);
        sink.write(disk(1, null));
        sink.tick(System.nanoTime() + 10);
        sink.write(disk(2, null));
        sink.close();
        assertEquals(2, files(tmp, ".parquet").size());
        assertEquals(2, sink.outputs().size());
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static List<String> read(Path dir, String kind) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path f : files(dir.resolve(kind), ".parquet")) {
            try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(f),
                    new PlainParquetConfiguration()).withDataModel(GenericData.get())
                    .withCodecFactory(new ZstdCodecFactory(3)).build()) {
                for (GenericRecord g = r.read(); g != null; g = r.read()) {
                    out.add(g.toString());
                }
            }
        }
        return out;
    }
}
