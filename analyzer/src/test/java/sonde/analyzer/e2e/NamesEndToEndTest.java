package sonde.analyzer.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.SondeRun;
import sonde.analyzer.db.Dataset;
import sonde.recorder.testing.Named;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.Workloads;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A program whose name is longer than the kernel keeps and made of 2-byte characters, on the
 * live kernel: the kernel's comm is its first 15 bytes, which split the 8th letter. Every kind
 * records the same whole-character name, and -c given the full name (recorder and analyzer)
 * matches it.
 */
class NamesEndToEndTest {
    private static final long MIB = 1L << 20;
    /** 9 letters, 18 bytes: the kernel keeps 7 letters and the first byte of the 8th. */
    private static final String LONG_NAME = "\u0434".repeat(9);
    private static final String KEPT = "\u0434".repeat(7);

    @TempDir
    Path tmp;
    @TempDir(factory = OnDisk.class)
    Path disk;

    @Test
    void aNameCutInsideACharacterIsTheSameWholeNameInEveryKindAndMatchesC() throws Exception {
        Privileged.requireTracing();
        // a directory of the test's own: the name is the same for every run of the test, unlike Named.of's
        Path bin = java.nio.file.Files.createDirectory(disk.resolve("bin"));
        Named dd = Named.copy(Workloads.which("dd"), LONG_NAME, bin);
        Path file = disk.resolve("direct-4m.bin");
        long[] pid = new long[1];
        Attempts.Made rec = Attempts.retryOnLoss(tmp, out -> {
            try (RecorderProcess r = RecorderProcess.start(out, "--disk", "--vfs", "--profile", "-c", LONG_NAME,
                    "--buffer-mb", Attempts.BUFFER_MB)) {
                pid[0] = Workloads.ddDirectWrite(dd.exe(), file, 4).pid();
                // and a while on the CPU, for samples under the name
                Workloads.run(List.of(dd.exe().toString(), "if=/dev/zero", "of=/dev/null", "bs=1M", "count=4000"));
                return new Attempts.Made(out, r.finish("INT").err());
            }
        });
        List<String> problems = new ArrayList<>();
        try (Dataset ds = Dataset.open(rec.dir())) {
            for (String kind : new String[] {"disk_io", "vfs_io", "cpu_sample"}) {
                // the name's start, or a broken character anywhere
                List<String> comms = ds.query(kind, "SELECT DISTINCT comm FROM " + kind + " WHERE starts_with(comm, '"
                        + KEPT.substring(0, 3) + "') OR contains(comm, '\uFFFD')", rs -> {
                    List<String> c = new ArrayList<>();
                    while (rs.next()) {
                        c.add(rs.getString(1));
                    }
                    return c;
                });
                if (!comms.equals(List.of(KEPT))) {
                    problems.add(kind + " has " + comms);
                }
            }
            // both dds' writes (the second's, to /dev/null, reach no disk); the first's write(2) calls
            long diskBytes = ds.query("disk", "SELECT coalesce(sum(bytes), 0) FROM disk_io WHERE comm = '" + KEPT
                    + "' AND op = 'W'", rs -> rs.next() ? rs.getLong(1) : -1);
            long vfsBytes = ds.query("vfs", "SELECT coalesce(sum(bytes), 0) FROM vfs_io WHERE comm = '" + KEPT
                    + "' AND op = 'W' AND pid = " + pid[0], rs -> rs.next() ? rs.getLong(1) : -1);
            long samples = ds.query("cpu", "SELECT count(*) FROM cpu_sample WHERE comm = '" + KEPT + "'",
                    rs -> rs.next() ? rs.getLong(1) : -1);
            assertTrue(samples > 0, "CPU samples of the second dd under the 7-letter name");
            assertEquals(4 * MIB, diskBytes, "O_DIRECT bytes written under the 7-letter name");
            assertEquals(4 * MIB, vfsBytes, "write(2) bytes under the 7-letter name");
        }
        assertTrue(problems.isEmpty(), "every kind names dd (pid " + pid[0] + " and the next) " + KEPT + " and nothing"
                + " else: " + problems);
        List<SondeRun.TopRow> top = SondeRun.top(rec.dir(), "-c", LONG_NAME);
        assertEquals(4 * MIB, top.stream().filter(t -> t.op().equals("W")).mapToLong(SondeRun.TopRow::bytes).sum(),
                "sonde top -c with the full name: " + top);
        assertTrue(top.stream().allMatch(t -> KEPT.equals(t.comm())), top.toString());
    }
}
