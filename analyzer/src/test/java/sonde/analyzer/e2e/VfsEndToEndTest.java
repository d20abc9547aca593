package sonde.analyzer.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.SondeRun;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.Workloads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** File system calls against the page cache and the block layer, on the live kernel. */
class VfsEndToEndTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path tmp;

    @Test
    void cachedRereadsAreVfsBytesNotDiskBytes() throws Exception {
        Privileged.requireTracing();
        Path file = Workloads.scratch("vfs").resolve("reread-32m.bin");
        Workloads.layout(file, 32);
        Workloads.run(List.of("sh", "-c", "cat \"$0\" > /dev/null", file.toString())); // warm the page cache
        Path out = tmp.resolve("rec");
        long pid;
        try (RecorderProcess rec = RecorderProcess.start(out)) {
            pid = Workloads.run(List.of("sh", "-c", "exec cat \"$0\" \"$0\" \"$0\" \"$0\" \"$0\" > /dev/null",
                    file.toString())).pid();
            assertEquals(0, rec.stop("INT").exit());
        }
        long[] cat = SondeRun.cache(out).get(pid + " cat");
        assertTrue(cat != null, "cat (pid " + pid + ") in sonde cache");
        assertEquals(160 * MIB, cat[0], 0.01 * 160 * MIB, "VFS read bytes");
        assertTrue(cat[1] < MIB, "disk read bytes: " + cat[1]);
        assertTrue(SondeRun.top(out, "-n", "1000").stream().noneMatch(r -> r.pid() != null && r.pid() == pid
                && r.op().equals("R") && r.bytes() >= MIB), "not a disk reader in top");
    }

    @Test
    void writebackByFlusherThreadsIsAttributedToTheWriter() throws Exception {
        Privileged.requireTracing();
        Path file = Workloads.scratch("vfs").resolve("buffered-" + System.nanoTime() + ".bin");
        Path out = tmp.resolve("rec");
        long pid;
        try (RecorderProcess rec = RecorderProcess.start(out)) {
            pid = Workloads.run(List.of("dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=64", "status=none")).pid();
            Workloads.run(List.of("sync")); // the flusher threads write it back, not dd
            assertEquals(0, rec.stop("INT").exit());
        } finally {
            Files.deleteIfExists(file);
        }
        List<SondeRun.TopRow> rows = SondeRun.top(out, "-n", "1000");
        long viaWriteback = rows.stream().filter(r -> r.pid() != null && r.pid() == pid && r.op().equals("W")
                && r.writeback()).mapToLong(SondeRun.TopRow::bytes).sum();
        long all = rows.stream().filter(r -> r.pid() != null && r.pid() == pid && r.op().equals("W"))
                .mapToLong(SondeRun.TopRow::bytes).sum();
        assertEquals(64 * MIB, all, 0.05 * 64 * MIB, "disk writes of dd (pid " + pid + ")");
        assertTrue(viaWriteback > 32 * MIB, "most of it written back by flusher threads: " + viaWriteback);
        long[] dd = SondeRun.cache(out).get(pid + " dd");
        assertEquals(64 * MIB, dd[2], 0.01 * 64 * MIB, "VFS write bytes");
        assertEquals(64 * MIB, dd[3], 0.05 * 64 * MIB, "disk write bytes in sonde cache");
    }

    @Test
    void bufferedWriteWithFsyncIsTheWritersDiskWrite() throws Exception {
        Privileged.requireTracing();
        Path file = Workloads.scratch("vfs").resolve("fsync-" + System.nanoTime() + ".bin");
        Path out = tmp.resolve("rec");
        long pid;
        try (RecorderProcess rec = RecorderProcess.start(out)) {
            pid = Workloads.run(List.of("dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=64", "conv=fsync",
                    "status=none")).pid();
            assertEquals(0, rec.stop("INT").exit());
        } finally {
            Files.deleteIfExists(file);
        }
        long[] dd = SondeRun.cache(out).get(pid + " dd");
        assertEquals(64 * MIB, dd[2], 0.01 * 64 * MIB, "VFS write bytes");
        assertEquals(64 * MIB, dd[3], 0.05 * 64 * MIB, "disk write bytes");
    }

    @Test
    void aReusedDescriptorNumberIsResolvedToItsNewFile() throws Exception {
        Privileged.requireTracing();
        Path a = Files.writeString(tmp.resolve("first.txt"), "first\n");
        Path b = Files.writeString(tmp.resolve("second.txt"), "second\n");
        Path out = tmp.resolve("rec");
        String script = "exec 3<\"$0\"; read -r -u 3 x; sleep 0.3; exec 3<&-; exec 3<\"$1\"; read -r -u 3 y; sleep 0.3;"
                + " exec 3<&-; exec 3<\"$0\"; read -r -u 3 x; exec 3<&-; exec 3<\"$1\"; read -r -u 3 y";
        long pid;
        try (RecorderProcess rec = RecorderProcess.start(out)) {
            // mid-recording, not in the first second, while the recorder's JVM is still compiling its reader
            Thread.sleep(1500);
            pid = Workloads.run(List.of("bash", "-c", script, a.toString(), b.toString())).pid();
            Thread.sleep(200);
            assertEquals(0, rec.stop("INT").exit());
        }
        SondeRun.Output o = SondeRun.run("sql", out.toString(), "--format", "csv",
                "SELECT path FROM vfs_io WHERE pid = " + pid + " AND fd = 3 AND syscall = 'read' ORDER BY ts_ns");
        assertEquals(0, o.status(), o.err());
        // bash's own start-up may read short-lived files on fd 3 too: those are unknown (empty), never wrong
        List<String> paths = o.out().lines().skip(1).map(String::strip).filter(p -> !p.isEmpty()).toList();
        assertTrue(paths.size() >= 2, "reads on fd 3: " + paths);
        assertEquals(List.of(a.toString(), b.toString()), paths.subList(0, 2), "slow reuse resolved exactly");
        for (String p : paths) {
            assertTrue(p.equals(a.toString()) || p.equals(b.toString()), "never another file: " + paths);
        }
    }
}
