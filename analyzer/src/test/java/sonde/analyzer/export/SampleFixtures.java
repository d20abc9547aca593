package sonde.analyzer.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sonde.recorder.sink.OutputDir;
import sonde.recorder.sink.ParquetSink;
import sonde.schema.CpuSample;
import sonde.schema.Frame;

/**
 * cpu_sample recordings for tests, written by the recorder's own ParquetSink. A stack is given
 * root first as "module:name" frames; kernel modules are in brackets.
 */
public final class SampleFixtures {
    /** 2026-11-27T10:00:00Z in epoch ns. */
    public static final long T0 = 1_795_773_600_000_000_000L;
    public static final long MS = 1_000_000L;
    /** cpu-clock at 997 Hz. */
    public static final long PERIOD_NS = 1_003_009L;

    private SampleFixtures() {
    }

    /**
     * The recording the export tests use: java (pid 100) 3 samples in two stacks, postgres
     * (pid 200) 2 samples in one stack, the idle task (pid 0) 1 sample; 100 ms apart from T0.
     */
    public static Path standard(Path dir) {
        List<CpuSample> rows = new ArrayList<>();
        rows.add(sample(0, 100, 101, "java", PERIOD_NS, "/usr/bin/java:main", "/usr/lib/libjvm.so:JavaMain",
                "/tmp/perf-100.map:Lcom/example/Spin;::spin"));
        rows.add(sample(1, 200, 200, "postgres", PERIOD_NS, "/usr/bin/postgres:main", "/usr/bin/postgres:ExecScan",
                "/usr/lib/libc.so.6:read", "[kernel.kallsyms]:entry_SYSCALL_64", "[kernel.kallsyms]:ksys_read"));
        rows.add(sample(2, 100, 102, "java", PERIOD_NS, "/usr/bin/java:main", "/usr/lib/libjvm.so:JavaMain",
                "/tmp/perf-100.map:Lcom/example/Spin;::spin"));
        rows.add(sample(3, 0, 0, "swapper", PERIOD_NS, "[kernel.kallsyms]:cpu_startup_entry",
                "[kernel.kallsyms]:default_idle"));
        rows.add(sample(4, 100, 101, "java", PERIOD_NS, "/usr/bin/java:main", "/usr/lib/libjvm.so:JavaMain",
                "/usr/lib/libjvm.so:GC \"young\" \\ \u00e9t\u00e9"));
        rows.add(sample(5, 200, 200, "postgres", PERIOD_NS, "/usr/bin/postgres:main", "/usr/bin/postgres:ExecScan",
                "/usr/lib/libc.so.6:read", "[kernel.kallsyms]:entry_SYSCALL_64", "[kernel.kallsyms]:ksys_read"));
        return write(dir, "r1", rows);
    }

    /**
     * One sample at T0 + i x 100 ms on CPU i % 2; frames "module:name", root first, each at an
     * address that depends on its module and name only (kernel ones in the upper half).
     */
    public static CpuSample sample(int i, int pid, int tid, String comm, long periodNs, String... frames) {
        List<Frame> list = new ArrayList<>();
        for (String f : frames) {
            int colon = f.indexOf(':');
            String module = f.substring(0, colon);
            String kind = module.startsWith("[") ? "kernel" : module.startsWith("/tmp/perf-") ? "jit" : "user";
            long address = 0x400000L + Math.floorMod(f.hashCode(), 0x10000) * 0x10L;
            list.add(new Frame(f.substring(colon + 1), module, kind, kind.equals("kernel") ? address - 0x7e000000L : address));
        }
        return new CpuSample("r1", (long) i, T0 + i * 100 * MS, i % 2, pid, tid, comm, periodNs, list);
    }

    /** Writes the rows as recording {@code id} on host h1. */
    public static Path write(Path dir, String id, List<CpuSample> rows) {
        ParquetSink sink = new ParquetSink(OutputDir.prepare(dir), "h1", id, 64L << 20, Long.MAX_VALUE);
        try {
            for (CpuSample s : rows) {
                sink.write(s);
            }
            sink.close();
        } catch (IOException e) {
            sink.abandon();
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
