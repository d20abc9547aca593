package sonde.analyzer.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.SondeRun;
import sonde.recorder.testing.Named;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.Workloads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File system calls against the page cache and the block layer, on the live kernel. Each
 * workload runs under a name of its own, which the recording keeps to (-c): a busy host's
 * other callers neither fill the ring buffers nor land in the counts.
 */
class VfsEndToEndTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path tmp;
    @TempDir(factory = OnDisk.class)
    Path disk;

    private static String[] record(Named workload) {
        return new String[] {"--disk", "--vfs", "-c", workload.comm(), "--buffer-mb", Attempts.BUFFER_MB};
    }

    @Test
    void cachedRereadsAreVfsBytesNotDiskBytes() throws Exception {
        Privileged.requireTracing();
        Named cat = Named.of("cat", disk);
        Path file = disk.resolve("reread-32m.bin");
        Workloads.layout(file, 32);
        Workloads.run(List.of("sh", "-c", "cat \"$0\" > /dev/null", file.toString())); // warm the page cache
        long[] pid = new long[1];
        Attempts.Made rec = Attempts.retryOnLoss(tmp, out -> {
            String f = file.toString();
            // "-": first a line from stdin, which holds cat until the recording is on (see Held)
            Workloads.Held reader = Workloads.Held.start(List.of(cat.exe().toString(), "-", f, f, f, f, f), true);
            try (RecorderProcess r = RecorderProcess.start(out, recordProcess(reader))) {
                pid[0] = reader.release().pid();
                return new Attempts.Made(out, r.finish("INT").err());
            } finally {
                reader.kill();
            }
        });
        long[] bytes = SondeRun.cache(rec.dir()).get(pid[0] + " " + cat.comm());
        assertNotNull(bytes, cat.comm() + " (pid " + pid[0] + ") in sonde cache");
        // cat was loaded before the recording: its file reads are the five of the file, and nothing else
        assertEquals(160 * MIB, bytes[0], "VFS read bytes: five times the file; its reads: " + SondeRun.run("sql",
                rec.dir().toString(), "SELECT fd, path, file_kind, count(*), sum(bytes) FROM vfs_io WHERE pid = " + pid[0]
                + " AND op = 'R' GROUP BY ALL").out());
        assertTrue(bytes[1] < MIB, "disk read bytes: " + bytes[1]);
        assertTrue(SondeRun.top(rec.dir(), "-n", "1000").stream().noneMatch(r -> r.pid() != null && r.pid() == pid[0]
                && r.op().equals("R") && r.bytes() >= MIB), "not a disk reader in top");
    }

    /** Disk and VFS of one held process (-p: the kernel filters its syscalls by pid). */
    private static String[] recordProcess(Workloads.Held p) {
        return new String[] {"--disk", "--vfs", "-p", String.valueOf(p.pid()), "--buffer-mb", Attempts.BUFFER_MB};
    }

    @Test
    void writebackByFlusherThreadsIsAttributedToTheWriter() throws Exception {
        Privileged.requireTracing();
        Named dd = Named.of("dd", disk);
        long[] pid = new long[1];
        Attempts.Made rec = Attempts.retryOnLoss(tmp, out -> {
            Path file = disk.resolve("buffered-" + out.getFileName() + ".bin");
            try (RecorderProcess r = RecorderProcess.start(out, record(dd))) {
                pid[0] = Workloads.run(List.of(dd.exe().toString(), "if=/dev/zero", "of=" + file, "bs=1M", "count=64",
                        "status=none")).pid();
                Workloads.run(List.of("sync")); // the flusher threads write it back, not dd
                return new Attempts.Made(out, r.finish("INT").err());
            } finally {
                Files.deleteIfExists(file);
            }
        });
        List<SondeRun.TopRow> rows = SondeRun.top(rec.dir(), "-n", "1000");
        long viaWriteback = rows.stream().filter(r -> r.pid() != null && r.pid() == pid[0] && r.op().equals("W")
                && r.writeback()).mapToLong(SondeRun.TopRow::bytes).sum();
        long all = rows.stream().filter(r -> r.pid() != null && r.pid() == pid[0] && r.op().equals("W"))
                .mapToLong(SondeRun.TopRow::bytes).sum();
        // ±5%: the file system's own blocks (allocation bitmaps, inode table) that dd dirtied are written for it too
        assertEquals(64 * MIB, all, 0.05 * 64 * MIB, "disk writes of " + dd.comm() + " (pid " + pid[0] + ")");
        assertTrue(viaWriteback > 32 * MIB, "most of it written back by flusher threads: " + viaWriteback);
        long[] bytes = SondeRun.cache(rec.dir()).get(pid[0] + " " + dd.comm());
        assertEquals(64 * MIB, bytes[2], "VFS write bytes");
        assertEquals(all, bytes[3], "disk write bytes in sonde cache, as in sonde top");
    }

    /**
     * Issue 13 items 2 and 3, on the live kernel. Two writers of one file: A dirties its first
     * 100 MiB, B the next 300 MiB, then sync: A's writeback is 100 MiB and B's 300 MiB, to within a
     * request (each request once went wholly to the inode's largest dirtier: A 0, B 400). Then a
     * writer C dirties 200 MiB of a file and deletes it; D writes 50 MiB to a new file (which may
     * get C's inode number back), then sync: D's writeback is 50 MiB and C's nothing (C was once
     * credited with D's 50 MiB).
     */
    @Test
    void writebackGoesToWhoDirtiedEachPartAndNothingToADeletedFile() throws Exception {
        Privileged.requireTracing();
        Named a = Named.of("dd", "wrA", disk);
        Named b = Named.of("dd", "wrB", disk);
        Named c = Named.of("dd", "wrC", disk);
        Named d = Named.of("dd", "wrD", disk);
        Attempts.Made rec = Attempts.retryOnLoss(tmp, out -> {
            Path shared = disk.resolve("shared-" + out.getFileName() + ".bin");
            Path doomed = disk.resolve("doomed-" + out.getFileName() + ".bin");
            Path reborn = disk.resolve("reborn-" + out.getFileName() + ".bin");
            Workloads.run(List.of("sync"));
            try (RecorderProcess r = RecorderProcess.start(out, "--disk", "--buffer-mb", Attempts.BUFFER_MB)) {
                Workloads.run(List.of(a.exe().toString(), "if=/dev/zero", "of=" + shared, "bs=1M", "count=100",
                        "conv=notrunc", "status=none"));
                Workloads.run(List.of(b.exe().toString(), "if=/dev/zero", "of=" + shared, "bs=1M", "seek=100",
                        "count=300", "conv=notrunc", "status=none"));
                Workloads.run(List.of("sync"));
                Workloads.run(List.of(c.exe().toString(), "if=/dev/zero", "of=" + doomed, "bs=1M", "count=200",
                        "status=none"));
                long ino = (long) Files.getAttribute(doomed, "unix:ino");
                Files.delete(doomed);
                Workloads.run(List.of(d.exe().toString(), "if=/dev/zero", "of=" + reborn, "bs=1M", "count=50",
                        "status=none"));
                System.out.printf("the deleted file's inode %d %s%n", ino,
                        ino == (long) Files.getAttribute(reborn, "unix:ino") ? "came back" : "did not come back");
                Workloads.run(List.of("sync"));
                return new Attempts.Made(out, r.finish("INT").err());
            } finally {
                Files.deleteIfExists(shared);
                Files.deleteIfExists(doomed);
                Files.deleteIfExists(reborn);
            }
        });
        SondeRun.Output q = SondeRun.run("sql", rec.dir().toString(), "--format", "csv",
                "SELECT writeback_comm, sum(bytes)::BIGINT, max(bytes)::BIGINT FROM disk_io"
                        + " WHERE op = 'W' AND writeback_pid IS NOT NULL GROUP BY writeback_comm");
        assertEquals(0, q.status(), q.err());
        java.util.Map<String, Long> wb = new java.util.HashMap<>();
        long largest = 0;
        for (String line : q.out().lines().skip(1).toList()) {
            String[] f = line.split(",");
            wb.put(f[0], Long.parseLong(f[1]));
            largest = Math.max(largest, Long.parseLong(f[2]));
        }
        long slack = largest + MIB; // a request at each boundary; file-system blocks the writers dirtied
        System.out.printf("written back for A %,d B %,d C %,d D %,d; largest request %,d%n", wb.get(a.comm()),
                wb.get(b.comm()), wb.get(c.comm()), wb.get(d.comm()), largest);
        assertEquals(100 * MIB, wb.getOrDefault(a.comm(), 0L), slack, "A's first 100 MiB");
        assertEquals(300 * MIB, wb.getOrDefault(b.comm(), 0L), slack, "B's next 300 MiB");
        assertEquals(0, wb.getOrDefault(c.comm(), 0L), slack, "nothing of the deleted file");
        assertEquals(50 * MIB, wb.getOrDefault(d.comm(), 0L), slack, "D's 50 MiB");
    }

    @Test
    void bufferedWriteWithFsyncIsTheWritersDiskWrite() throws Exception {
        Privileged.requireTracing();
        Named dd = Named.of("dd", disk);
        long[] pid = new long[1];
        Attempts.Made rec = Attempts.retryOnLoss(tmp, out -> {
            Path file = disk.resolve("fsync-" + out.getFileName() + ".bin");
            try (RecorderProcess r = RecorderProcess.start(out, record(dd))) {
                pid[0] = Workloads.run(List.of(dd.exe().toString(), "if=/dev/zero", "of=" + file, "bs=1M", "count=64",
                        "conv=fsync", "status=none")).pid();
                return new Attempts.Made(out, r.finish("INT").err());
            } finally {
                Files.deleteIfExists(file);
            }
        });
        long[] bytes = SondeRun.cache(rec.dir()).get(pid[0] + " " + dd.comm());
        assertEquals(64 * MIB, bytes[2], "VFS write bytes");
        // ±5%: with the data, fsync writes the file system's blocks that dd dirtied (allocation, inode)
        assertEquals(64 * MIB, bytes[3], 0.05 * 64 * MIB, "disk write bytes");
    }

    @Test
    void aReusedDescriptorNumberIsResolvedToItsNewFile() throws Exception {
        Privileged.requireTracing();
        Named bash = Named.of("bash", "sh", disk);
        Path a = Files.writeString(tmp.resolve("first.txt"), "first\n");
        Path b = Files.writeString(tmp.resolve("second.txt"), "second\n");
        // "slow" reuse: 2 s between a read and the close of its descriptor, more than a recorder on a busy host
        // lags behind (0.3 s was not: the read was then resolved from /proc after the number was reused)
        String script = "read -r _; exec 3<\"$0\"; read -r -u 3 x; sleep 2; exec 3<&-; exec 3<\"$1\"; read -r -u 3 y; sleep 2;"
                + " exec 3<&-; exec 3<\"$0\"; read -r -u 3 x; exec 3<&-; exec 3<\"$1\"; read -r -u 3 y";
        long[] pid = new long[1];
        Attempts.Made rec = Attempts.retryOnLoss(tmp, out -> {
            Workloads.Held sh = Workloads.Held.start(List.of(bash.exe().toString(), "-c", script, a.toString(), b.toString()),
                    false);
            // started, and its program loaded, before the recording: a process exec'd during a recording
            // filtered to it (-p or -c) has the descriptor its loader used (3) resolved wrongly or not at
            // all later on, a recorder bug this test is not about (reported)
            try (RecorderProcess r = RecorderProcess.start(out, "--vfs", "-p", String.valueOf(sh.pid()), "--buffer-mb",
                    Attempts.BUFFER_MB)) {
                // mid-recording, not in the first second, while the recorder's JVM is still compiling its reader
                Thread.sleep(1500);
                pid[0] = sh.release().pid();
                Thread.sleep(200);
                return new Attempts.Made(out, r.finish("INT").err());
            } finally {
                sh.kill();
            }
        });
        SondeRun.Output o = SondeRun.run("sql", rec.dir().toString(), "--format", "csv",
                "SELECT path FROM vfs_io WHERE pid = " + pid[0] + " AND fd = 3 AND syscall = 'read' ORDER BY ts_ns");
        assertEquals(0, o.status(), o.err());
        // bash's own start-up may read short-lived files on fd 3 too: those are unknown (empty), never wrong
        List<String> paths = o.out().lines().skip(1).map(String::strip).filter(p -> !p.isEmpty()).toList();
        assertTrue(paths.size() >= 2, "reads on fd 3: " + paths);
        assertEquals(List.of(a.toString(), b.toString()), paths.subList(0, 2), "slow reuse resolved exactly");
        for (String p : paths) {
            assertTrue(p.equals(a.toString()) || p.equals(b.toString()), "never another file: " + paths);
        }
    }
    /**
     * Issue 13 item 5: a process that has exited by the time its calls are read cannot be looked
     * up in /proc; its files are named from the opens fanotify reported. A dd writing 200 MiB
     * lives about 0.4 s; twenty that write 4 MiB each live milliseconds.
     */
    @Test
    void shortLivedProcessesKeepTheirFiles() throws Exception {
        Privileged.requireTracing();
        Named dd = Named.of("dd", disk);
        java.util.List<Long> pids = new java.util.ArrayList<>();
        Attempts.Made rec = Attempts.retryOnLoss(tmp, out -> {
            pids.clear();
            Path big = disk.resolve("short-big-" + out.getFileName() + ".bin");
            try (RecorderProcess r = RecorderProcess.start(out, "--vfs", "-c", dd.comm(), "--buffer-mb", Attempts.BUFFER_MB)) {
                pids.add(Workloads.run(List.of(dd.exe().toString(), "if=/dev/zero", "of=" + big, "bs=1M", "count=200",
                        "status=none")).pid());
                for (int i = 0; i < 20; i++) {
                    pids.add(Workloads.run(List.of(dd.exe().toString(), "if=/dev/zero", "of=" + disk.resolve("short-" + i
                            + "-" + out.getFileName() + ".bin"), "bs=1M", "count=4", "status=none")).pid());
                }
                // O_DIRECT: no page-cache records name the file of a process already gone; sonde cache says how much
                for (int i = 0; i < 5; i++) {
                    Workloads.run(List.of(dd.exe().toString(), "if=/dev/zero", "of=" + disk.resolve("short-" + i + "-"
                            + out.getFileName() + ".bin"), "bs=1M", "count=1", "oflag=direct", "status=none"));
                }
                return new Attempts.Made(out, r.finish("INT").err());
            } finally {
                Files.deleteIfExists(big);
                for (int i = 0; i < 20; i++) {
                    Files.deleteIfExists(disk.resolve("short-" + i + "-" + out.getFileName() + ".bin"));
                }
            }
        });
        String dir = rec.dir().getFileName().toString();
        String perPid = SondeRun.run("sql", rec.dir().toString(), "--format", "csv", "SELECT pid, file_kind, path, "
                + "sum(bytes) FROM vfs_io WHERE op = 'W' GROUP BY ALL ORDER BY ALL").out();
        long big = SondeRun.scalar(rec.dir(), "SELECT sum(bytes) FROM vfs_io WHERE op = 'W' AND pid = " + pids.get(0)
                + " AND file_kind = 'file' AND path = '" + disk.resolve("short-big-" + dir + ".bin") + "'");
        assertTrue(big >= 0.99 * 200 * MIB, "the 0.4 s dd's writes named: " + big + " of " + 200 * MIB + "\n" + perPid);
        long small = 0;
        for (int i = 0; i < 20; i++) {
            small += SondeRun.scalar(rec.dir(), "SELECT coalesce(sum(bytes), 0) FROM vfs_io WHERE op = 'W' AND pid = "
                    + pids.get(i + 1) + " AND file_kind = 'file' AND path = '" + disk.resolve("short-" + i + "-" + dir
                    + ".bin") + "'");
        }
        assertTrue(small >= 0.99 * 80 * MIB, "the short dds' writes named: " + small + " of " + 80 * MIB + "\n" + perPid);
        long unknown = SondeRun.scalar(rec.dir(), "SELECT coalesce(sum(bytes), 0) FROM vfs_io WHERE file_kind = 'unknown'"
                + " AND bytes > 0");
        String cache = SondeRun.run("cache", rec.dir().toString(), "-c", dd.comm()).out();
        if (unknown > 0) {
            assertTrue(cache.contains("file system I/O of unknown files: ") && cache.contains(" on descriptors sonde could"
                    + " not resolve ("), "sonde cache says how much it left out (" + unknown + " B): " + cache);
        } else {
            assertFalse(cache.contains("unknown files"), cache);
        }
        System.out.println("short-lived dds: O_DIRECT bytes of unknown files " + unknown + "; sonde cache:\n" + cache);
    }
}
