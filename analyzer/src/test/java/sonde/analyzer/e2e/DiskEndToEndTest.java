package sonde.analyzer.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.SondeRun;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.Workloads;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The disk slice end to end on the live kernel: `sonde record` in its own process, a workload of
 * known size, `sonde top --format json` on what was written.
 */
class DiskEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void directWritesOf64MiBAreAttributedToTheWriterOnItsDisk() throws Exception {
        Privileged.requireTracing();
        Path file = Workloads.scratch("e2e").resolve("direct-64m.bin");
        Path out = tmp.resolve("rec");
        long pid;
        try (RecorderProcess rec = RecorderProcess.start(out)) {
            pid = Workloads.ddDirectWrite(file, 64).pid();
            Jvm.Result end = rec.stop("INT");
            assertEquals(0, end.exit(), end.err());
            assertTrue(end.err().contains("Recorded "), end.err());
            assertTrue(end.err().contains(" 0 lost"), end.err());
        }
        List<SondeRun.TopRow> rows = SondeRun.top(out, "-n", "1000");
        String disk = Disks.diskOf(file);
        long written = rows.stream().filter(r -> r.pid() != null && r.pid() == pid && r.op().equals("W")
                && disk.equals(r.device())).mapToLong(SondeRun.TopRow::bytes).sum();
        assertEquals(64L << 20, written, 0.01 * (64L << 20), "O_DIRECT bytes of dd (pid " + pid + ") on " + disk);
        assertTrue(rows.stream().filter(r -> r.pid() != null && r.pid() == pid).allMatch(r -> r.avgLatencyNs() != null
                && r.avgLatencyNs() > 0), "latency measured");
    }

    @Test
    void manyIosInFlightAreCountedAsFioCountsThem() throws Exception {
        Privileged.requireTracing();
        Privileged.requireTool("fio");
        Path file = Workloads.scratch("e2e").resolve("randread-64m.bin");
        Workloads.layout(file, 64);
        Workloads.fio(file, "--rw=randread", "--bs=4k", "--direct=1", "--size=64M", "--number_ios=10");
        Path out = tmp.resolve("rec");
        Workloads.Ran fio;
        try (RecorderProcess rec = RecorderProcess.start(out)) {
            fio = Workloads.fio(file, "--rw=randread", "--bs=4k", "--direct=1", "--iodepth=32", "--ioengine=libaio",
                    "--size=64M");
            assertEquals(0, rec.stop("TERM").exit());
        }
        long fioIos = totalIos(fio.output());
        assertEquals(16384, fioIos, "fio's own count: one pass over 64 MiB in 4 KiB blocks");
        long seen = SondeRun.top(out, "-n", "1000").stream()
                .filter(r -> r.pid() != null && r.pid() == fio.pid() && r.op().equals("R")).mapToLong(SondeRun.TopRow::ios).sum();
        assertEquals(fioIos, seen, 0.01 * fioIos, "block requests of fio (pid " + fio.pid() + ") at iodepth 32");
    }

    @Test
    void twoRecordingsAtOnceBothSeeTheWorkload() throws Exception {
        Privileged.requireTracing();
        Path file = Workloads.scratch("e2e").resolve("direct-16m.bin");
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        long pid;
        try (RecorderProcess ra = RecorderProcess.start(a); RecorderProcess rb = RecorderProcess.start(b)) {
            pid = Workloads.ddDirectWrite(file, 16).pid();
            assertEquals(0, ra.stop("INT").exit());
            assertEquals(0, rb.stop("INT").exit());
        }
        for (Path dir : List.of(a, b)) {
            long written = SondeRun.top(dir, "-n", "1000").stream()
                    .filter(r -> r.pid() != null && r.pid() == pid && r.op().equals("W")).mapToLong(SondeRun.TopRow::bytes).sum();
            // ±1%: write-back of the file system metadata dd dirtied may land in the window too
            assertEquals(16L << 20, written, 0.01 * (16L << 20), "recording in " + dir.getFileName());
        }
    }

    private static long totalIos(String fioJson) {
        Matcher m = Pattern.compile("\"total_ios\"\\s*:\\s*(\\d+)").matcher(fioJson);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
