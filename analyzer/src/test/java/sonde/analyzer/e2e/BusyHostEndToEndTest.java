package sonde.analyzer.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.db.Dataset;
import sonde.recorder.testing.BusyHost;
import sonde.recorder.testing.Named;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.Workloads;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, "lossless on a busy host": a recording as a user makes it (the whole host, default
 * buffers) while the load of bench/busy-host runs (BusyHost: the same parts), of a known
 * workload, a dd of 64 MiB in O_DIRECT writes of 1 MiB under a name of its own. Its own rows
 * must be exact and the recording must have lost nothing: no retry, the loss is the point.
 *
 * <p>Tagged busy-host, which the parent pom leaves out of a default run (sonde.excludedGroups)
 * until the recorder meets it. Today a recording of the disk alone loses nothing with
 * busy-host's load alone, but did lose events when more ran beside it (579,171 with a fio at
 * queue depth 32 doing ~29k IOPS); a recording of every kind (sonde record's default, also tagged
 * issue-12) loses ~800k events with busy-host's load alone: the vfs tracepoints see its pipe
 * calls too. Run them with
 * {@code mvn -B -ntp verify -pl analyzer -am -Dsonde.excludedGroups= -Dtest=BusyHostEndToEndTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("busy-host")
class BusyHostEndToEndTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path tmp;
    @TempDir(factory = OnDisk.class)
    Path disk;

    @Test
    void aDiskRecordingOfAKnownDirectWriteLosesNothingOnABusyHost() throws Exception {
        recordUnderLoad(List.of("--disk"));
    }

    @Test
    @Tag("issue-12")
    void aRecordingOfEveryKindOfAKnownDirectWriteLosesNothingOnABusyHost() throws Exception {
        Recorded r = recordUnderLoad(List.of());
        // dd's own calls: before it execs dd, the child is still Java's jspawnhelper, which writes 4 bytes to its parent
        long[] vfs = query(r.dir(), "SELECT coalesce(sum(bytes), 0)::BIGINT, count(*) FROM vfs_io WHERE pid = " + r.pid()
                + " AND op = 'W' AND comm = '" + r.comm() + "'");
        assertEquals(64 * MIB, vfs[0], "bytes of its write calls");
        assertEquals(64, vfs[1], "its write calls: one per MiB");
    }

    /** A recording, and the pid and command name of the dd it recorded. */
    private record Recorded(Path dir, long pid, String comm) {
    }

    /** Records with {@code kinds} (none: every kind) under the load; checks dd's block I/O and that nothing was lost. */
    private Recorded recordUnderLoad(List<String> kinds) throws Exception {
        Privileged.requireTracing();
        Privileged.requirePerf();
        Named dd = Named.of("dd", disk);
        Path file = disk.resolve("direct-64m.bin");
        Path out = tmp.resolve("rec");
        long pid;
        String err;
        try (BusyHost load = BusyHost.start(Duration.ofMinutes(10))) {
            Thread.sleep(5000); // fio has laid out its file and reads at its rate; the first writeback is under way
            assertTrue(load.running(), "the load runs");
            try (RecorderProcess rec = RecorderProcess.start(out, kinds.toArray(String[]::new))) {
                Thread.sleep(3000);
                pid = Workloads.ddDirectWrite(dd.exe(), file, 64).pid();
                Thread.sleep(3000);
                err = rec.finish("INT").err();
            }
            assertTrue(load.running(), "the load ran throughout");
        }
        long[] w = query(out, "SELECT coalesce(sum(bytes), 0)::BIGINT, count(*), count(complete_ts_ns) FROM disk_io"
                + " WHERE pid = " + pid + " AND op = 'W' AND writeback_pid IS NULL");
        assertEquals(64 * MIB, w[0], "O_DIRECT bytes " + dd.comm() + " (pid " + pid + ") wrote");
        assertEquals(w[1], w[2], "every one of its " + w[1] + " requests completed");
        assertEquals(0, Attempts.lostAsReported(new Attempts.Made(out, err)), "events lost on a busy host: " + err);
        return new Recorded(out, pid, dd.comm());
    }

    private static long[] query(Path dir, String sql) {
        try (Dataset ds = Dataset.open(dir)) {
            return ds.query("q", sql, rs -> {
                rs.next();
                long[] row = new long[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getLong(i + 1);
                }
                return row;
            });
        }
    }
}
