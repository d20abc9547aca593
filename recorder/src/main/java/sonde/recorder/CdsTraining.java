package sonde.recorder;

import sonde.recorder.cli.Args;
import sonde.recorder.sink.AsyncSink;
import sonde.recorder.sink.OutputDir;
import sonde.recorder.sink.ParquetSink;
import sonde.recorder.sink.Rows;
import sonde.recorder.sink.table.Table;
import sonde.recorder.symbols.ElfSymbols;
import sonde.recorder.symbols.Kallsyms;
import sonde.recorder.tracefs.DecoderTraining;
import sonde.recorder.tracefs.Privileges;
import sonde.recorder.tracefs.Tracefs;
import sonde.schema.CpuSample;
import sonde.schema.DiskIo;
import sonde.schema.Frame;
import sonde.schema.Recording;
import sonde.schema.VfsIo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the recorder's class-data-sharing archive: the launcher runs this once
 * per build with -XX:ArchiveClassesAtExit, so that every later `sonde record` maps the classes
 * it needs (Avro schemas, the Parquet writer, JNA, sonde's own) already parsed and verified
 * instead of reading them from 30 jars: tracing starts sooner and costs less CPU. It touches the
 * recording path without tracing anything (no privileges needed): options, rows of every kind
 * through the writer into Parquet files in a temporary directory, the native calls.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] argv) throws Exception {
        Args a = RecordOptions.SPEC.parse(new String[] {"--duration", "1s", "-o", "x"});
        RecordOptions.parse(new String[] {"--duration", "1s"}, a);
        Path dir = Files.createTempDirectory("sonde-cds-");
        try {
            // where it may (root, tracefs), a real recording of every kind: every class it loads,
            // lambdas and method handles included, is archived; elsewhere the parts that need no privileges
            if (Privileges.canTrace() && Privileges.canPerf() && Files.isDirectory(Path.of("/sys/kernel/tracing/instances"))) {
                Main.run(new String[] {"--duration", "300ms", "-o", dir.resolve("rec").toString()});
            }
            writeEveryKind(dir);
            DecoderTraining.run(dir);
            ElfSymbols.read(Path.of("/proc/self/exe"));
            Kallsyms.load();
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        try {
            Tracefs.locate();
        } catch (RuntimeException e) {
            // no tracefs here: the classes are loaded all the same
        }
    }

    private static void writeEveryKind(Path dir) throws IOException, InterruptedException {
        ParquetSink parquet = new ParquetSink(OutputDir.prepare(dir), "h", "r", 1 << 30, 60_000_000_000L);
        AsyncSink sink = new AsyncSink(parquet);
        Rows disk = sink.rows(Table.DISK_IO, 2, 64);
        Rows vfs = sink.rows(Table.VFS_IO, 2, 64);
        Rows cpu = sink.rows(Table.CPU_SAMPLE, 2, 64);
        for (int i = 0; i < 100; i++) {
            disk.next().setAll(new DiskIo("r", 0L, (long) i, 1L, 2L, 1L, null, 1, 0, 1, "vda", 8L, 4096L, "W", "W", 0, 1, 1,
                    "dd", false, 0, 1, null, null, null, null, false, false));
            disk.commit();
            vfs.next().setAll(new VfsIo("r", 0L, (long) i, 2L, 1, 1, "cat", "read", "R", 3, null, 10L, 10L, null, 0L, "file",
                    "/etc/hosts", "ext4", 254, 1, "vda", 42L, false));
            vfs.commit();
            cpu.next().setAll(new CpuSample("r", 0L, (long) i, 0, 1, 1, "spin", 1_003_009L,
                    List.of(new Frame("main", "/bin/spin", "user", 0x1000L))));
            cpu.commit();
        }
        disk.flush();
        vfs.flush();
        cpu.flush();
        sink.close();
        parquet.writeRecording(new Recording("r", "0", "k", 1, 1, "record", Map.of("a", "b"), List.of("t"), 0L, 1L, 0L,
                "mono", Map.of("disk_io", 1L), List.of(), 0L, Map.of("c", 0L), List.of("f"), "duration"));
    }
}
