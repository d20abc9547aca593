package sonde.analyzer.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.SondeRun;
import sonde.recorder.testing.Named;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.Spinner;
import sonde.recorder.testing.Workloads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `sonde record --profile` then `sonde flame`, against a process spinning in a named function,
 * under a name of its own, which the recording keeps to (-c): on a busy host, symbolizing every
 * process's samples left the recorder behind, and it dropped samples. A dd of the same name,
 * all system calls, gives the recording stacks that end in the kernel.
 */
class ProfileEndToEndTest {
    @TempDir
    Path tmp;
    @TempDir(factory = OnDisk.class)
    Path disk;

    @Test
    void theSpinningFunctionDominatesTheProcessFlameGraph() throws Exception {
        Privileged.requireTracing();
        Privileged.requirePerf();
        Named spin = Named.copy(Spinner.build(disk), Named.uniqueComm("spin"), disk);
        Named syscalls = Named.copy(Workloads.which("dd"), spin.comm(), Files.createDirectories(disk.resolve("dd")));
        Workloads.Ran[] ran = new Workloads.Ran[1];
        Attempts.Made rec = Attempts.retryOnLoss(tmp, out -> {
            try (RecorderProcess r = RecorderProcess.start(out, "--profile", "-c", spin.comm())) {
                ran[0] = Workloads.run(List.of(spin.exe().toString(), "2"));
                Workloads.run(List.of(syscalls.exe().toString(), "if=/dev/zero", "of=/dev/null", "bs=1", "count=300000",
                        "status=none"));
                return new Attempts.Made(out, r.finish("INT").err());
            }
        });
        Path out = rec.dir();
        double cpuSeconds = Double.parseDouble(ran[0].output().trim().split(" ")[1]);
        SondeRun.Output folded = SondeRun.run("flame", out.toString(), "--folded", "-p", String.valueOf(ran[0].pid()),
                "-c", spin.comm());
        assertEquals(0, folded.status(), folded.err());
        long total = 0;
        long inSpin = 0;
        for (String line : folded.out().split("\n")) {
            long n = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            total += n;
            if (line.contains(";spin_here")) {
                inSpin += n;
            }
            assertTrue(line.startsWith(spin.comm() + ";"), "process name is the root frame: " + line);
        }
        assertEquals(cpuSeconds * 997, total, 0.10 * cpuSeconds * 997, "samples = CPU seconds x 997 Hz");
        assertTrue(inSpin >= 0.8 * total, "spin_here in " + inSpin + " of " + total);
        SondeRun.Output all = SondeRun.run("flame", out.toString(), "--folded");
        // the dd's system calls: stacks that end in the kernel
        assertTrue(all.out().lines().anyMatch(l -> l.matches(".*;[^;]+_\\[k\\] \\d+")), "kernel frames annotated");
        Path svg = tmp.resolve("flame.svg");
        SondeRun.Output graph = SondeRun.run("flame", out.toString(), "-o", svg.toString());
        assertEquals(0, graph.status(), graph.err());
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<?xml") && text.contains("id=\"frames\"") && text.contains("spin_here"));
    }
}
