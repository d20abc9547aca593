package sonde.analyzer.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.SondeRun;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.Spinner;
import sonde.recorder.testing.Workloads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `sonde record --profile` then `sonde flame`, against a process spinning in a named function. */
class ProfileEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void theSpinningFunctionDominatesTheProcessFlameGraph() throws Exception {
        Privileged.requireTracing();
        Privileged.requirePerf();
        Path spin = Spinner.build();
        Path out = tmp.resolve("rec");
        Workloads.Ran ran;
        try (RecorderProcess rec = RecorderProcess.start(out, "--profile")) {
            ran = Workloads.run(List.of(spin.toString(), "2"));
            assertEquals(0, rec.stop("INT").exit());
        }
        double cpuSeconds = Double.parseDouble(ran.output().trim().split(" ")[1]);
        SondeRun.Output folded = SondeRun.run("flame", out.toString(), "--folded", "-p", String.valueOf(ran.pid()),
                "-c", "spin");
        assertEquals(0, folded.status(), folded.err());
        long total = 0;
        long inSpin = 0;
        for (String line : folded.out().split("\n")) {
            long n = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            total += n;
            if (line.contains(";spin_here")) {
                inSpin += n;
            }
            assertTrue(line.startsWith("spin;"), "process name is the root frame: " + line);
        }
        assertEquals(cpuSeconds * 997, total, 0.10 * cpuSeconds * 997, "samples = CPU seconds x 997 Hz");
        assertTrue(inSpin >= 0.8 * total, "spin_here in " + inSpin + " of " + total);
        SondeRun.Output all = SondeRun.run("flame", out.toString(), "--folded");
        // idle CPUs (swapper) or any system call or interrupt: some stacks end in the kernel
        assertTrue(all.out().lines().anyMatch(l -> l.matches(".*;[^;]+_\\[k\\] \\d+")), "kernel frames annotated");
        Path svg = tmp.resolve("flame.svg");
        SondeRun.Output graph = SondeRun.run("flame", out.toString(), "-o", svg.toString());
        assertEquals(0, graph.status(), graph.err());
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<?xml") && text.contains("id=\"frames\"") && text.contains("spin_here"));
    }
}
