package sonde.analyzer.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.SondeRun;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.Named;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.Workloads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recorder under load: a syscall flood it cannot keep up with (the kernel drops, sonde
 * counts, memory stays bounded), and a long recording, compressed, with rotation. The load is
 * the test's own, under names of its own that the recordings keep to, so that what other
 * processes do changes neither the flood nor the memory the recorder needs.
 */
class LoadEndToEndTest {
    /** Resident memory bound of the recorder: heap 256 MiB (-Xmx256m), direct 64 MiB, plus the JVM. */
    static final long RSS_BOUND_KB = 400 * 1024;

    @TempDir
    Path tmp;
    @TempDir(factory = OnDisk.class)
    Path disk;

    @Test
    void aFloodIsCountedNotBufferedAndMemoryStaysBounded() throws Exception {
        Privileged.requireTracing();
        Named dd = Named.of("dd", disk);
        List<String> flood = List.of(dd.exe().toString(), "if=/dev/zero", "of=/dev/null", "bs=512", "count=2000000", "status=none");
        long t0 = System.nanoTime();
        Workloads.run(flood);
        double alone = (System.nanoTime() - t0) / 1e9;
        Path out = tmp.resolve("rec");
        long maxRss;
        double traced;
        Jvm.Result end;
        try (RecorderProcess rec = RecorderProcess.start(out, "--vfs", "--profile", "-c", dd.comm(), "--buffer-mb", "1")) {
            RssSampler rss = new RssSampler(rec.pid());
            t0 = System.nanoTime();
            Workloads.run(flood);
            traced = (System.nanoTime() - t0) / 1e9;
            maxRss = rss.stop();
            end = rec.stop("INT");
        }
        System.out.printf("flood: dd bs=512 x 2M alone %.2f s, recorded %.2f s (%.1fx); recorder max RSS %d MiB%n%s",
                alone, traced, traced / alone, maxRss / 1024, end.err());
        assertEquals(0, end.exit(), end.err());
        assertTrue(end.err().contains("LOST ") && end.err().contains("cpu"), "losses reported per CPU: " + end.err());
        // labelled by what the ring buffers carried: the samples come through perf, not tracefs
        assertTrue(end.err().contains("(tracefs vfs_io: cpu"), "the loss's source and kinds: " + end.err());
        assertTrue(maxRss < RSS_BOUND_KB, "recorder RSS " + maxRss + " KiB");
        SondeRun.Output lost = SondeRun.run("sql", out.toString(), "--format", "csv",
                "SELECT sum(l.lost_events) > 0, count(DISTINCT l.cpu) FROM recording, unnest(lost_events) AS t(l)");
        assertTrue(lost.out().contains("true"), "per-CPU losses in the recording row: " + lost.out());
        assertTrue(traced / alone < 25, "the workload is slowed by tracing, boundedly: " + traced / alone);
    }

    @Test
    void aLongRecordingRotatesAndItsMemoryStaysFlat() throws Exception {
        Privileged.requireTracing();
        Path out = tmp.resolve("rec");
        long early;
        long late;
        Named dd = Named.of("dd", disk);
        try (RecorderProcess rec = RecorderProcess.start(out, "--disk", "--vfs", "-c", dd.comm(), "--buffer-mb",
                Attempts.BUFFER_MB, "--rotate-interval", "1s")) {
            Path file = disk.resolve("steady.bin");
            early = 0;
            for (int s = 0; s < 20; s++) {
                Workloads.ddDirectWrite(dd.exe(), file, 2);
                Workloads.run(List.of(dd.exe().toString(), "if=/dev/zero", "of=/dev/null", "bs=4k", "count=20000", "status=none"));
                Thread.sleep(800);
                if (s == 7) {
                    early = RssSampler.rssKb(rec.pid());
                }
            }
            late = RssSampler.rssKb(rec.pid());
            rec.finish("INT");
        }
        System.out.printf("long recording: RSS %d KiB at 8 s, %d KiB at 20 s%n", early, late);
        assertTrue(late < early * 1.15, "memory flat: " + early + " KiB -> " + late + " KiB");
        assertTrue(files(out.resolve("vfs_io")) >= 10, "rotated vfs_io files: " + files(out.resolve("vfs_io")));
        assertTrue(files(out.resolve("disk_io")) >= 8, "rotated disk_io files: " + files(out.resolve("disk_io")));
        SondeRun.Output top = SondeRun.run("top", out.toString());
        assertEquals(0, top.status(), top.err());
    }

    private static long files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".parquet")).count();
        }
    }

    /** Samples a process's VmRSS every 100 ms on a thread of its own. */
    static final class RssSampler {
        private final Thread thread;
        private volatile long max;
        private volatile boolean stop;

        RssSampler(long pid) {
            thread = new Thread(() -> {
                while (!stop) {
                    max = Math.max(max, rssKb(pid));
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.start();
        }

        long stop() throws InterruptedException {
            stop = true;
            thread.join();
            return max;
        }

        static long rssKb(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                return 0;
            }
            return 0;
        }
    }
}
