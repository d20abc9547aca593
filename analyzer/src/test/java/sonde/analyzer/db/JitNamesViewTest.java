package sonde.analyzer.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.sink.OutputDir;
import sonde.recorder.sink.ParquetSink;
import sonde.schema.CpuSample;
import sonde.schema.Frame;
import sonde.schema.JitSymbol;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cpu_sample view names the JIT frames that the recorder wrote [unknown] and named later
 * (jit_symbol): looked up as the recorder looks them up (the user stack's last frame at its
 * address, return addresses one byte back), within their own process and recording, the first
 * name of an address winning; every other frame as recorded.
 */
class JitNamesViewTest {
    private static final long T0 = 1_795_773_600_000_000_000L;
    private static final long CODE = 0x7f0000000000L;
    private static final long KERNEL = 0xffffffff81000000L;

    @TempDir
    Path tmp;

    private static Frame unknown(long address) {
        return new Frame("[unknown]", "[anon]", "user", address);
    }

    private static CpuSample sample(String recording, long seq, int pid, Frame... frames) {
        return new CpuSample(recording, seq, T0 + seq, 0, pid, pid, "java", 1_003_009L, List.of(frames));
    }

    private static JitSymbol name(String recording, long seq, int pid, long address, String name) {
        return new JitSymbol(recording, seq, T0 + 1000 + seq, pid, address, name);
    }

    private Path write(String recording, List<CpuSample> samples, List<JitSymbol> names) throws IOException {
        ParquetSink sink = new ParquetSink(OutputDir.prepare(tmp), "h1", recording, 64L << 20, Long.MAX_VALUE);
        for (CpuSample s : samples) {
            sink.write(s);
        }
        for (JitSymbol n : names) {
            sink.write(n);
        }
        sink.close();
        return tmp;
    }

    private static List<String> frames(Dataset ds, String where) {
        return ds.query("frames", "SELECT array_to_string(list_transform(frames, lambda f: f.name || ' ' || f.module"
                + " || ' ' || f.kind || ' ' || printf('%x', f.address)), ', ') FROM cpu_sample WHERE " + where, rs -> {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                    return out;
                });
    }

    @Test
    void unknownJitFramesTakeTheNamesFoundLaterAsTheRecorderLooksThemUp() throws Exception {
        Frame main = new Frame("main", "/usr/bin/java", "user", 0x401000L);
        Frame syscall = new Frame("entry_SYSCALL_64", "[kernel.kallsyms]", "kernel", KERNEL);
        write("r1", List.of(
                sample("r1", 0, 100, main, unknown(CODE + 0x100), unknown(CODE + 0x200), syscall),
                sample("r1", 1, 100, main, unknown(CODE + 0x100), unknown(CODE + 0x300)),
                sample("r1", 2, 200, main, unknown(CODE + 0x200))),
                List.of(name("r1", 0, 100, CODE + 0xff, "Caller.run()"), // a return address, one byte back
                        name("r1", 1, 100, CODE + 0x100, "not the caller"),
                        name("r1", 2, 100, CODE + 0x200, "Spin.loop()"), // the leaf, at its address
                        name("r1", 3, 100, CODE + 0x1ff, "not the leaf"),
                        name("r1", 4, 100, CODE + 0x300, "Interpreter"),
                        name("r1", 5, 100, CODE + 0x300, "named again later")));
        try (Dataset ds = Dataset.open(tmp)) {
            assertEquals(List.of("main /usr/bin/java user 401000, Caller.run() [jit] jit 7f0000000100,"
                    + " Spin.loop() [jit] jit 7f0000000200, entry_SYSCALL_64 [kernel.kallsyms] kernel ffffffff81000000"),
                    frames(ds, "event_seq = 0"));
            assertEquals(List.of("main /usr/bin/java user 401000, Caller.run() [jit] jit 7f0000000100,"
                    + " Interpreter [jit] jit 7f0000000300"), frames(ds, "event_seq = 1"), "the first name of an address");
            assertEquals(List.of("main /usr/bin/java user 401000, [unknown] [anon] user 7f0000000200"),
                    frames(ds, "pid = 200"), "another process's address is not named");
        }
    }

    @Test
    void samplesOfOtherRecordingsAndRecordingsWithoutNamesAreAsRecorded() throws Exception {
        write("r1", List.of(sample("r1", 0, 100, unknown(CODE))), List.of());
        try (Dataset ds = Dataset.open(tmp)) {
            assertEquals(List.of("[unknown] [anon] user 7f0000000000"), frames(ds, "true"), "no jit_symbol rows");
        }
        write("r2", List.of(sample("r2", 0, 100, unknown(CODE))), List.of(name("r2", 0, 100, CODE, "Spin.loop()")));
        try (Dataset ds = Dataset.open(tmp)) {
            assertEquals(List.of("[unknown] [anon] user 7f0000000000"), frames(ds, "recording_id = 'r1'"));
            assertEquals(List.of("Spin.loop() [jit] jit 7f0000000000"), frames(ds, "recording_id = 'r2'"));
            long samples = ds.query("count", "SELECT count(*) FROM cpu_sample", rs -> {
                rs.next();
                return rs.getLong(1);
            });
            assertEquals(2, samples, "each sample once");
        }
    }
}
