package sonde.recorder.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.host.Host;
import sonde.recorder.testing.Collect;
import sonde.recorder.testing.Named;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.Spinner;
import sonde.recorder.testing.Workloads;
import sonde.schema.CpuSample;
import sonde.schema.Frame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CPU sampling on the live kernel against a process that spins in a named function, under a
 * name of its own that the profiler keeps to: symbolizing every process's samples of a busy host
 * left the symbolizer behind, and batches were dropped. A dd of the same name, all system calls,
 * gives stacks with kernel frames.
 */
class ProfilerTest {
    @TempDir(factory = OnDisk.class)
    Path disk;

    /** What one attempt sampled. */
    private record Sampled(List<CpuSample> samples, Workloads.Ran spin, long lost, long dropped) {
    }

    @Test
    void aSpinningFunctionDominatesItsProcessAtTheSampleRate() throws Exception {
        Privileged.requireTracing();
        Privileged.requirePerf();
        Named spin = Named.copy(Spinner.build(disk), Named.uniqueComm("spin"), disk);
        Named syscalls = Named.copy(Workloads.which("dd"), spin.comm(), Files.createDirectories(disk.resolve("dd")));
        Sampled s = sample(spin, syscalls);
        if (s.lost() + s.dropped() > 0) { // the kernel or the profiler dropped samples: a busy host; once more
            System.out.printf("%,d samples lost, %,d dropped: sampling once more%n", s.lost(), s.dropped());
            s = sample(spin, syscalls);
        }
        long pid = s.spin().pid();
        double cpuSeconds = Double.parseDouble(s.spin().output().trim().split(" ")[1]);
        List<CpuSample> mine = s.samples().stream().filter(c -> c.getPid() == pid).toList();
        long inSpin = mine.stream().filter(c -> leaf(c).getName().equals("spin_here")).count();
        assertTrue(cpuSeconds >= 2.0, "the spinner spins for 2 s of CPU time: " + cpuSeconds);
        assertEquals(cpuSeconds * 997, mine.size(), 0.10 * cpuSeconds * 997,
                "samples = CPU seconds x 997 Hz (" + cpuSeconds + " s)");
        assertTrue(inSpin >= 0.8 * mine.size(), "spin_here is the leaf of " + inSpin + " of " + mine.size() + "; leaves: "
                + mine.stream().map(c -> leaf(c).getName() + " in " + leaf(c).getModule()).distinct().limit(5).toList());
        assertTrue(mine.stream().allMatch(c -> c.getPeriodNs() == 1_003_009L));
        assertTrue(s.samples().stream().flatMap(c -> c.getFrames().stream()).anyMatch(f -> f.getKind().equals("kernel")
                && !f.getName().equals("[unknown]") && f.getModule().equals("[kernel.kallsyms]")), "kernel frames resolved");
        assertEquals(0, s.lost() + s.dropped(), "nothing lost (" + s.lost() + ") or dropped (" + s.dropped() + ")");
    }

    private static Sampled sample(Named spin, Named syscalls) throws Exception {
        List<CpuSample> samples = Collections.synchronizedList(new ArrayList<>());
        Profiler p = Profiler.open(Host.onlineCpuList(), 997, "test", 0, -1, spin.comm(),
                Collect.into(sonde.recorder.sink.table.Table.CPU_SAMPLE, samples),
                Collect.into(sonde.recorder.sink.table.Table.JIT_SYMBOL, new ArrayList<>()), null);
        Workloads.Ran ran;
        p.enable();
        Thread poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                p.poll();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        poller.start();
        try {
            ran = Workloads.run(List.of(spin.exe().toString(), "2"));
            Workloads.run(List.of(syscalls.exe().toString(), "if=/dev/zero", "of=/dev/null", "bs=1", "count=300000",
                    "status=none"));
        } finally {
            poller.interrupt();
            poller.join();
            p.finish();
        }
        return new Sampled(samples, ran, p.lost().values().stream().mapToLong(Long::longValue).sum(),
                p.droppedSamples().values().stream().mapToLong(Long::longValue).sum());
    }

    private static Frame leaf(CpuSample s) {
        return s.getFrames().get(s.getFrames().size() - 1);
    }
}
