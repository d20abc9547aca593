package sonde.analyzer.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.SondeRun;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.LoopDevice;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults while recording: kill -9, a full disk, a file system gone read-only or deleted, a CPU
 * going offline. The workloads run under names of their own that the recordings keep to.
 */
class FaultsEndToEndTest {
    @TempDir
    Path tmp;
    @TempDir(factory = OnDisk.class)
    Path disk;

    @Test
    void sigkillLeavesRotatedFilesValidAndTheOpenOneIgnoredThenRepaired() throws Exception {
        Privileged.requireTracing();
        Path out = tmp.resolve("rec");
        Path file = disk.resolve("kill9.bin");
        Named dd = Named.of("dd", disk);
        try (RecorderProcess rec = RecorderProcess.start(out, "--disk", "-c", dd.comm(), "--buffer-mb", Attempts.BUFFER_MB,
                "--rotate-interval", "1s")) {
            Workloads.ddDirectWrite(dd.exe(), file, 8);
            for (int i = 0; i < 600 && parquet(out.resolve("disk_io"), ".parquet").isEmpty(); i++) {
                Thread.sleep(100); // until the first file has rotated (1 s, much later on a busy machine)
            }
            Workloads.ddDirectWrite(dd.exe(), file, 8); // in the file open when the recorder dies
            for (int i = 0; i < 600 && parquet(out.resolve("disk_io"), ".tmp").isEmpty(); i++) {
                Thread.sleep(100); // until its rows are in a file (they wait up to 1 s to fill a row group)
            }
            rec.stop("KILL");
        }
        assertTrue(parquet(out, ".parquet").size() >= 1, "rotated files");
        // (the recorder's stderr, should any of this fail, is of no help: it was killed)
        assertFalse(parquet(out, ".tmp").isEmpty(), "the open file stays hidden");
        SondeRun.Output top = SondeRun.run("top", out.toString(), "--format", "json");
        assertEquals(0, top.status(), "queries ignore the unfinished file: " + top.err());
        SondeRun.Output repair = SondeRun.run("repair", out.toString());
        assertEquals(0, repair.status(), repair.err());
        assertTrue(repair.out().contains("removed "), repair.out());
        assertEquals(List.of(), parquet(out, ".tmp"));
        SondeRun.Output after = SondeRun.run("top", out.toString());
        assertEquals(0, after.status(), "top after the repair: " + after.err());
    }

    /**
     * Issue 14 item 7: a kill -9 under a flood of I/O loses the open file and what waited in
     * memory, which is bounded by time: rows wait at most 1 s to fill a row group, files close
     * on a 0.5 s tick, so the closed files hold every row up to the rotation interval plus about
     * 1.5 s before the kill (2 s more allowed here for a busy host). It lost minutes once.
     */
    @Test
    void aKillUnderAFloodLosesAtMostTheRotationIntervalAndAFewSeconds() throws Exception {
        Privileged.requireTracing();
        Path out = tmp.resolve("flood");
        Path file = disk.resolve("flood.bin");
        Workloads.layout(file, 64);
        Named fio = Named.of("fio", disk);
        long killedNs;
        try (RecorderProcess rec = RecorderProcess.start(out, "--disk", "-c", fio.comm(), "--rotate-interval", "2s")) {
            Thread flood = new Thread(() -> {
                try {
                    Workloads.fio(fio.exe(), file, "--rw=randread", "--bs=4k", "--direct=1", "--ioengine=libaio",
                            "--iodepth=32", "--runtime=14", "--time_based");
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            flood.start();
            Thread.sleep(10_000);
            killedNs = System.currentTimeMillis() * 1_000_000L;
            rec.stop("KILL");
            flood.join();
        }
        SondeRun.Output q = SondeRun.run("sql", out.toString(), "--format", "csv",
                "SELECT count(*), max(issue_ts_ns) FROM disk_io WHERE comm = '" + fio.comm() + "'");
        assertEquals(0, q.status(), q.err());
        String[] row = q.out().lines().skip(1).findFirst().orElseThrow().split(",");
        long rows = Long.parseLong(row[0]);
        long behindMs = (killedNs - Long.parseLong(row[1])) / 1_000_000;
        assertTrue(rows > 10_000, "a flood was recorded: " + rows + " rows");
        assertTrue(behindMs <= 2_000 + 1_500 + 2_000, "the closed files end " + behindMs + " ms before the kill");
    }

    /**
     * Issue 14 item 9: an instance whose recorder and guard were both killed (a service manager's
     * SIGKILL to the whole group) stays on; repair turns it off and removes it, and leaves the
     * instance of a live recorder alone.
     */
    @Test
    void repairRemovesTheTracingInstancesOfRecordersThatAreGone() throws Exception {
        Privileged.requireTracing();
        Path instances = Path.of("/sys/kernel/tracing/instances");
        Path stale = instances.resolve("sonde-999999999-1-abcd"); // no such pid
        long self = ProcessHandle.current().pid();
        String stat = Files.readString(Path.of("/proc/" + self + "/stat"));
        String start = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19];
        Path live = instances.resolve("sonde-" + self + "-" + start + "-beef"); // this JVM: alive
        Files.createDirectory(stale);
        Files.createDirectory(live);
        // repair changes only what a recording owns (issue 14 item 8): it is given one, if empty
        Path rec = Files.createDirectories(tmp.resolve("rec/disk_io")).getParent();
        try {
            Files.writeString(stale.resolve("events/sched/sched_process_exit/enable"), "1");
            SondeRun.Output dry = SondeRun.run("repair", rec.toString(), "--dry-run");
            assertEquals(0, dry.status(), dry.err());
            assertTrue(dry.out().contains("would remove tracing instance sonde-999999999-1-abcd"), dry.out());
            assertTrue(Files.exists(stale), "a dry run changes nothing");
            SondeRun.Output r = SondeRun.run("repair", rec.toString());
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("removed tracing instance sonde-999999999-1-abcd"), r.out());
            assertFalse(Files.exists(stale), "the stale instance is gone");
            assertTrue(Files.exists(live), "a live recorder's instance stays: " + r.out());
        } finally {
            for (Path p : List.of(stale, live)) {
                if (Files.exists(p)) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void aFullDiskIsAClearErrorAndEarlierFilesStayQueryable() throws Exception {
        Privileged.requireTracing();
        Path mnt = mountTmpfs("size=1m");
        try {
            Path out = mnt.resolve("rec");
            Named dd = Named.of("dd", disk);
            RecorderProcess rec = RecorderProcess.start(out, "--vfs", "-c", dd.comm(), "--rotate-interval", "500ms");
            Jvm.Result end;
            try {
                // a first file, closed (at 500 ms) before the flood: one flood fills 1 MiB faster than that
                Workloads.run(List.of(dd.exe().toString(), "if=/dev/zero", "of=/dev/null", "bs=1", "count=1000",
                        "status=none"));
                for (int i = 0; i < 600 && parquet(out.resolve("vfs_io"), ".parquet").isEmpty(); i++) {
                    Thread.sleep(100);
                }
                // until the 1 MiB are full: how many of the calls a recorder keeps (the rest are lost) depends on
                // how much CPU it gets, and once the workload stops nothing more is written
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (rec.alive() && System.nanoTime() < deadline) {
                    Workloads.run(List.of(dd.exe().toString(), "if=/dev/zero", "of=/dev/null", "bs=1", "count=1000000",
                            "status=none"));
                }
                end = rec.await();
            } finally {
                rec.close();
            }
            assertEquals(1, end.exit(), end.err());
            assertTrue(end.err().contains("no space left on device"), end.err());
            assertFalse(end.err().contains("\tat "), end.err());
            assertEquals(List.of(), parquet(out, ".tmp"), "no partial garbage: " + end.err());
            assertFalse(parquet(out, ".parquet").isEmpty(), "files closed before the disk filled");
            SondeRun.Output q = SondeRun.run("sql", out.toString(), "--format", "csv", "SELECT count(*) > 0 FROM vfs_io");
            assertEquals(0, q.status(), q.err());
            assertTrue(q.out().contains("true"), q.out());
        } finally {
            umount(mnt);
        }
    }

    @Test
    void aFileSystemGoneReadOnlyIsAClearError() throws Exception {
        Privileged.requireTracing();
        Path mnt = mountTmpfs("size=64m");
        LoopDevice device = LoopDevice.create(disk, 16);
        String loop = device.path();
        try {
            Path out = mnt.resolve("rec");
            // only the idle loop device: no file is open for writing when the file system goes read-only
            RecorderProcess rec = RecorderProcess.start(out, "--disk", "-d", loop, "--rotate-interval", "500ms");
            Jvm.Result end;
            try {
                Thread.sleep(800);
                Workloads.run(List.of("mount", "-o", "remount,ro", mnt.toString()));
                Workloads.run(List.of("dd", "if=/dev/zero", "of=" + loop, "bs=64k", "count=16", "oflag=direct",
                        "status=none"));
                end = rec.await();
            } finally {
                rec.close();
            }
            assertEquals(1, end.exit(), end.err());
            assertTrue(end.err().toLowerCase().contains("read-only"), end.err());
            assertTrue(end.err().lines().count() <= 4, end.err());
        } finally {
            umount(mnt);
            device.close();
        }
    }

    @Test
    void anOutputDirectoryDeletedMidRecordingEndsItWithAnError() throws Exception {
        Privileged.requireTracing();
        Path out = tmp.resolve("doomed");
        Named dd = Named.of("dd", disk);
        RecorderProcess rec = RecorderProcess.start(out, "--disk", "-c", dd.comm(), "--rotate-interval", "500ms");
        Jvm.Result end;
        try {
            Thread.sleep(800);
            Workloads.run(List.of("rm", "-rf", out.toString()));
            Workloads.ddDirectWrite(dd.exe(), disk.resolve("gone.bin"), 4);
            end = rec.await();
        } finally {
            rec.close();
        }
        assertEquals(1, end.exit(), end.err());
        assertTrue(end.err().contains("writing " + out + " failed"), end.err());
    }

    @Test
    void aCpuGoingOfflineAndBackKeepsRecordingOnIt() throws Exception {
        Privileged.requireTracing();
        Path online = Path.of("/sys/devices/system/cpu/cpu1/online");
        if (!Files.isWritable(online)) {
            org.junit.jupiter.api.Assumptions.abort("cpu1 cannot be taken offline here");
        }
        Path file = disk.resolve("hotplug.bin");
        Named dd = Named.of("dd", disk);
        long[] pid = new long[1];
        // every process's samples (the CPU's idle task too), the test's dd's block I/O: no name filter
        Attempts.Made rec = Attempts.retryOnLoss(tmp, out -> {
            try (RecorderProcess r = RecorderProcess.start(out, "--disk", "--profile", "--buffer-mb", Attempts.BUFFER_MB)) {
                try {
                    Files.writeString(online, "0");
                    Thread.sleep(500);
                } finally {
                    Files.writeString(online, "1");
                }
                Thread.sleep(2000);
                pid[0] = Workloads.run(List.of("taskset", "-c", "1", dd.exe().toString(), "if=/dev/zero", "of=" + file,
                        "bs=1M", "count=8", "oflag=direct", "status=none")).pid();
                return new Attempts.Made(out, r.finish("INT").err());
            }
        });
        long written = SondeRun.top(rec.dir(), "-n", "1000").stream().filter(r -> r.pid() != null && r.pid() == pid[0]
                && r.op().equals("W") && !r.writeback()).mapToLong(SondeRun.TopRow::bytes).sum();
        assertEquals(8L << 20, written, "I/O from the CPU that came back");
        SondeRun.Output q = SondeRun.run("sql", rec.dir().toString(), "--format", "csv",
                "SELECT count(*) FROM cpu_sample WHERE cpu = 1 AND ts_ns > (SELECT min(ts_ns) FROM disk_io WHERE pid = "
                        + pid[0] + ")");
        assertTrue(Long.parseLong(q.out().lines().skip(1).findFirst().orElse("0").trim()) > 0,
                "samples on the CPU after it came back: " + q.out());
    }

    private Path mountTmpfs(String options) throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt-" + System.nanoTime()));
        Workloads.run(List.of("mount", "-t", "tmpfs", "-o", options, "sonde-test", mnt.toString()));
        return mnt;
    }

    private static void umount(Path mnt) throws Exception {
        Workloads.run(List.of("umount", "-l", mnt.toString()));
    }

    private static List<Path> parquet(Path dir, String suffix) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        }
    }
}
