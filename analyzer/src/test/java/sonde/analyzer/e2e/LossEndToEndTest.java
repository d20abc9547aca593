package sonde.analyzer.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.SondeRun;
import sonde.recorder.testing.LoopDevice;
import sonde.recorder.testing.Named;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.Workloads;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A recording made to lose events, on the live kernel: the recorder is stopped (SIGSTOP) for
 * 2.5 s while fio reads 4 KiB blocks of a 1 MiB region of a loop device of its own, so its 1 MiB
 * ring buffers overflow. fio's own maximum latency bounds every latency the workload can
 * produce; a block completion or a system-call exit paired with an event of another request or
 * call across the gap would show seconds. Rows open during a loss must be marked and left out,
 * and the reports must say how many.
 */
class LossEndToEndTest {
    /** Clock and measuring differences between fio's latency and the kernel's (fio times around the call). */
    private static final long SLACK_NS = 1_000_000;

    @TempDir
    Path tmp;
    @TempDir(factory = OnDisk.class)
    Path disk;

    @Test
    void nothingIsPairedAcrossALossAndWhatWasOpenDuringItIsLeftOutAndCounted() throws Exception {
        Privileged.requireTracing();
        Privileged.requireTool("fio");
        Named fio = Named.of("fio", disk);
        try (LoopDevice dev = LoopDevice.create(disk, 64)) {
            Path device = Path.of(dev.path());
            String[] job = {"--rw=randread", "--bs=4k", "--direct=1", "--ioengine=psync", "--size=1M", "--numjobs=2",
                "--group_reporting"};
            Workloads.fio(fio.exe(), device, concat(job, "--number_ios=10")); // loads fio before recording
            Path out = tmp.resolve("rec");
            Workloads.Ran ran;
            String err;
            try (RecorderProcess r = RecorderProcess.start(out, "--disk", "--vfs", "-d", dev.name(), "-c", fio.comm(),
                    "--buffer-mb", "1")) {
                CompletableFuture<Workloads.Ran> running = CompletableFuture.supplyAsync(() -> {
                    try {
                        return Workloads.fio(fio.exe(), device, concat(job, "--time_based", "--runtime=6"));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(1500);
                r.signal("STOP");
                try {
                    Thread.sleep(2500);
                } finally {
                    r.signal("CONT");
                }
                ran = running.get();
                err = r.finish("INT").err();
            }
            long fioMaxNs = maxLatencyNs(ran.output());
            assertTrue(fioMaxNs > 0, "fio's maximum latency in its report: " + ran.output());
            long lost = query(out, "SELECT sum(lost_events_total) FROM recording")[0];
            assertTrue(lost > 0, "the recorder stopped 2.5 s under a flood with 1 MiB buffers lost nothing:\n" + err);
            assertTrue(err.contains("left out of latency figures"), "the summary says rows were marked:\n" + err);

            long[] d = query(out, "SELECT count(*), count(*) FILTER (WHERE pairing_uncertain),"
                    + " coalesce(max(latency_ns) FILTER (WHERE NOT pairing_uncertain), 0),"
                    + " coalesce(max(latency_ns), 0) FROM disk_io WHERE device = '" + dev.name() + "'");
            long[] v = query(out, "SELECT count(*), count(*) FILTER (WHERE pairing_uncertain),"
                    + " coalesce(max(latency_ns) FILTER (WHERE NOT pairing_uncertain), 0),"
                    + " coalesce(max(latency_ns), 0) FROM vfs_io WHERE comm = '" + fio.comm() + "' AND syscall = 'pread64'");
            String figures = "fio max " + fioMaxNs + " ns; disk rows " + d[0] + ", uncertain " + d[1] + ", max certain "
                    + d[2] + " ns, max of all " + d[3] + " ns; vfs rows " + v[0] + ", uncertain " + v[1] + ", max certain "
                    + v[2] + " ns, max of all " + v[3] + " ns; lost " + lost + "\n" + err;
            assertTrue(d[0] > 1000 && v[0] > 1000, "the workload was recorded: " + figures);
            assertTrue(d[1] > 0 && v[1] > 0, "rows open during the loss are marked: " + figures);
            assertTrue(d[2] <= fioMaxNs + SLACK_NS, "no block request's latency beyond fio's own maximum: " + figures);
            assertTrue(v[2] <= fioMaxNs + SLACK_NS, "no pread64 call's latency beyond fio's own maximum: " + figures);

            String diskLatency = SondeRun.run("latency", out.toString()).out();
            assertLeftOutSaid(diskLatency, "requests", query(out, "SELECT count(*) FROM disk_io WHERE pairing_uncertain"
                    + " AND latency_ns IS NOT NULL")[0]);
            String vfsLatency = SondeRun.run("latency", out.toString(), "--layer", "vfs").out();
            assertLeftOutSaid(vfsLatency, "calls", query(out, "SELECT count(*) FROM vfs_io WHERE pairing_uncertain")[0]);
            String top = SondeRun.run("top", out.toString()).out();
            assertTrue(top.contains("left out of the AVGms"), top);
            assertTrue(SondeRun.run("heatmap", out.toString(), "-o", tmp.resolve("map.svg").toString()).err()
                    .contains("left out of the latency figures"), "heatmap");
            Path html = tmp.resolve("report.html");
            assertEquals(0, SondeRun.run("report", out.toString(), "-o", html.toString()).status());
            String page = java.nio.file.Files.readString(html);
            assertTrue(page.contains("requests left out of the latency figures") && page.contains("calls left out of the"
                    + " latency figures") && page.contains("open while events were lost left out)"), "report");
        }
    }

    private static void assertLeftOutSaid(String text, String noun, long n) {
        assertTrue(text.contains(n + " " + noun + " left out of the latency figures"), "'" + n + " " + noun
                + " left out' in:\n" + text);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** The read section's lat_ns max of fio's JSON report (submission to completion). */
    private static long maxLatencyNs(String json) {
        Matcher m = Pattern.compile("\"lat_ns\"\\s*:\\s*\\{\\s*\"min\"\\s*:\\s*\\d+,\\s*\"max\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The first row of a query's numbers, through sonde sql. */
    private static long[] query(Path dir, String sql) {
        SondeRun.Output o = SondeRun.run("sql", dir.toString(), sql, "--format", "csv");
        assertEquals(0, o.status(), o.err());
        return Arrays.stream(o.out().lines().skip(1).findFirst().orElseThrow().split(",")).mapToLong(Long::parseLong)
                .toArray();
    }
}
