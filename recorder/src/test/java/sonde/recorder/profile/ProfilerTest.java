package sonde.recorder.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.host.Host;
import sonde.recorder.testing.Collect;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.Spinner;
import sonde.recorder.testing.Workloads;
import sonde.schema.CpuSample;
import sonde.schema.Frame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CPU sampling on the live kernel against a process that spins in a named function. */
class ProfilerTest {
    @TempDir(factory = OnDisk.class)
    Path disk;

    @Test
    void aSpinningFunctionDominatesItsProcessAtTheSampleRate() throws Exception {
        Privileged.requireTracing();
        Privileged.requirePerf();
        Path spin = Spinner.build(disk);
        List<CpuSample> samples = Collections.synchronizedList(new ArrayList<>());
        Profiler p = Profiler.open(Host.onlineCpuList(), 997, "test", 0, -1, null,
                Collect.into(sonde.recorder.sink.table.Table.CPU_SAMPLE, samples));
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
            ran = Workloads.run(List.of(spin.toString(), "2"));
        } finally {
            poller.interrupt();
            poller.join();
            p.finish();
        }
        long pid = ran.pid();
        double cpuSeconds = Double.parseDouble(ran.output().trim().split(" ")[1]);
        // the child is jspawnhelper (and java) until it execs the spinner: same pid, another program
        List<CpuSample> mine = samples.stream().filter(s -> s.getPid() == pid && s.getComm().equals("spin")).toList();
        long inSpin = mine.stream().filter(s -> leaf(s).getName().equals("spin_here")).count();
        assertTrue(cpuSeconds >= 2.0, "the spinner spins for 2 s of CPU time: " + cpuSeconds);
        assertEquals(cpuSeconds * 997, mine.size(), 0.10 * cpuSeconds * 997,
                "samples = CPU seconds x 997 Hz (" + cpuSeconds + " s)");
        assertTrue(inSpin >= 0.8 * mine.size(), "spin_here is the leaf of " + inSpin + " of " + mine.size() + "; leaves: "
                + mine.stream().map(s -> leaf(s).getName() + " in " + leaf(s).getModule()).distinct().limit(5).toList());
        assertTrue(mine.stream().allMatch(s -> s.getPeriodNs() == 1_003_009L));
        assertTrue(samples.stream().flatMap(s -> s.getFrames().stream()).anyMatch(f -> f.getKind().equals("kernel")
                && !f.getName().equals("[unknown]") && f.getModule().equals("[kernel.kallsyms]")), "kernel frames resolved");
        assertTrue(p.lost().values().stream().allMatch(n -> n == 0), "nothing lost: " + p.lost());
    }

    private static Frame leaf(CpuSample s) {
        return s.getFrames().get(s.getFrames().size() - 1);
    }
}
