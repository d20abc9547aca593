package sonde.analyzer.bench;

import sonde.recorder.sink.OutputDir;
import sonde.recorder.sink.ParquetSink;
import sonde.schema.CpuSample;
import sonde.schema.DiskIo;
import sonde.schema.Frame;
import sonde.schema.JitSymbol;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic recordings for the analyzer benchmarks (bench/run), written by the recorder's own
 * Parquet writer: {@code disk_io N DIR} (N requests of 500 processes on 4 disks) or
 * {@code cpu_sample N DIR} (N samples drawn from 2,000 stacks 10 to 40 frames deep), or
 * {@code cpu_sample_jit N DIR}: the same samples, but those of 10 of the 50 processes (JVMs, a
 * fifth of the samples) have their user frames below the fourth written [unknown] in anonymous
 * code, each named later by jit_symbol (800 addresses a process: the cost of naming in the view).
 * Deterministic: the same arguments give the same rows.
 */
public final class SyntheticData {
    private static final long T0 = 1_795_000_000_000_000_000L;

    private SyntheticData() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        long rows = Long.parseLong(args[1]);
        ParquetSink sink = new ParquetSink(OutputDir.prepare(Path.of(args[2])), "bench", "bench-0", 256L << 20,
                Long.MAX_VALUE);
        Random r = new Random(42);
        if (kind.equals("disk_io")) {
            String[] devices = {"vda", "vdb", "nvme0n1", "sda"};
            for (long i = 0; i < rows; i++) {
                int pid = 1000 + r.nextInt(500);
                long ts = T0 + i * 1000;
                long lat = 50_000 + r.nextInt(5_000_000);
                String op = r.nextInt(3) == 0 ? "W" : "R";
                sink.write(new DiskIo("bench-0", i, ts, ts + 10_000, ts + 10_000 + lat, lat, 10_000L, 8 << 20,
                        8, 0, devices[pid % 4], r.nextLong() & 0xffffffffL, 4096L << r.nextInt(6), op, op, 0, pid, pid,
                        "proc" + pid, false, 0, 1, null, null, null, null, false, false));
            }
        } else {
            boolean jit = kind.equals("cpu_sample_jit");
            List<List<Frame>> stacks = stacks(r);
            for (long i = 0; i < rows; i++) {
                int s = (int) Math.min(stacks.size() - 1, Math.abs(r.nextGaussian()) * stacks.size() / 3);
                int pid = 2000 + s % 50;
                List<Frame> frames = jit && pid < 2010 ? unnamed(stacks.get(s)) : stacks.get(s);
                sink.write(new CpuSample("bench-0", i, T0 + i * 1_003_009L, (int) (i % 16), pid, pid, "proc" + pid % 50,
                        1_003_009L, frames));
            }
            for (int pid = 2000; jit && pid < 2010; pid++) {
                for (int fn = 0; fn < 400; fn++) {
                    long at = JIT + fn * 64L; // looked up at the leaf's address, and one byte back for callers
                    sink.write(new JitSymbol("bench-0", 0L, T0, pid, at, "Lcom/example/C;::m" + fn));
                    sink.write(new JitSymbol("bench-0", 0L, T0, pid, at - 1, "Lcom/example/C;::m" + fn));
                }
            }
        }
        sink.close();
        System.out.println("wrote " + rows + " " + kind + " rows to " + args[2]);
    }

    /** Where the JIT code of cpu_sample_jit lies. */
    private static final long JIT = 0x7f0000000000L;

    /** The stack with its user frames below the fourth in JIT code not yet named. */
    private static List<Frame> unnamed(List<Frame> stack) {
        List<Frame> out = new ArrayList<>();
        for (int d = 0; d < stack.size(); d++) {
            Frame f = stack.get(d);
            boolean jit = d >= 4 && f.getKind().equals("user");
            out.add(jit ? new Frame("[unknown]", "[anon]", "user", JIT + (f.getAddress() - 0x400000L)) : f);
        }
        return out;
    }

    private static List<List<Frame>> stacks(Random r) {
        List<List<Frame>> stacks = new ArrayList<>();
        for (int s = 0; s < 2000; s++) {
            int depth = 10 + r.nextInt(31);
            List<Frame> frames = new ArrayList<>();
            for (int d = 0; d < depth; d++) {
                boolean kernel = d >= depth - 3 && s % 3 == 0;
                int fn = d < 4 ? d : r.nextInt(400);
                frames.add(new Frame((kernel ? "kfunc_" : "func_") + fn, kernel ? "[kernel.kallsyms]" : "/usr/bin/app",
                        kernel ? "kernel" : "user", 0x400000L + fn * 64L));
            }
            stacks.add(frames);
        }
        return stacks;
    }
}
