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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, "lossless on a busy host": a recording as a user makes it (the whole host, default
 * buffers) while the load of bench/busy-host runs (BusyHost: the same parts), of a known
 * workload, a dd of 64 MiB in O_DIRECT writes of 1 MiB under a name of its own. Its own rows
 * must be exact and the recording must have lost nothing. A recording that lost events is made
 * once more (other work on the machine, e.g. a second busy-host, may have starved it); the second
 * must lose nothing.
 *
 * <p>Part of the default run. Tagged busy-host, so that it can be run on its own or left out
 * ({@code -Dsonde.excludedGroups=busy-host}).
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
    void aRecordingOfEveryKindOfAKnownDirectWriteLosesNothingOnABusyHost() throws Exception {
        Recorded r = recordUnderLoad(List.of());
        // dd's own calls: before it execs dd, the child is still Java's jspawnhelper, which writes 4 bytes to its parent
        long[] vfs = query(r.dir(), "SELECT coalesce(sum(bytes), 0)::BIGINT, count(*) FROM vfs_io WHERE pid = " + r.pid()
                + " AND op = 'W' AND comm = '" + r.comm() + "'");
        assertEquals(64 * MIB, vfs[0], "bytes of its write calls");
        assertEquals(64, vfs[1], "its write calls: one per MiB");
    }

    /** A recording, the pid and command name of the dd it recorded, what it lost and why. */
    private record Recorded(Path dir, long pid, String comm, long lost, String err, String why) {
    }

    /**
     * Records with {@code kinds} (none: every kind) under the load; checks dd's block I/O and that
     * nothing was lost. A recording that lost events (counted and reported) is made once more, as
     * other work on the machine may have taken its CPU; the second must lose nothing.
     */
    private Recorded recordUnderLoad(List<String> kinds) throws Exception {
        Privileged.requireTracing();
        Privileged.requirePerf();
        Recorded first = recordOnce(kinds, tmp.resolve("rec"));
        if (first.lost() == 0) {
            return first;
        }
        System.out.printf("%,d events lost on a busy host (%s); recording once more%n", first.lost(), first.why());
        Recorded second = recordOnce(kinds, tmp.resolve("rec-2"));
        assertEquals(0, second.lost(), () -> "events lost on a busy host, twice: " + first.lost() + " (" + first.why()
                + "), then " + second.lost() + ": " + second.err() + "the recorder's counters: " + second.why());
        return second;
    }

    private Recorded recordOnce(List<String> kinds, Path out) throws Exception {
        Named dd = Named.of("dd", disk);
        Path file = disk.resolve("direct-64m.bin");
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
        Files.delete(file);
        long[] w = query(out, "SELECT coalesce(sum(bytes), 0)::BIGINT, count(*), count(complete_ts_ns) FROM disk_io"
                + " WHERE pid = " + pid + " AND op = 'W' AND writeback_pid IS NULL");
        assertEquals(64 * MIB, w[0], "O_DIRECT bytes " + dd.comm() + " (pid " + pid + ") wrote");
        assertEquals(w[1], w[2], "every one of its " + w[1] + " requests completed");
        long lost = Attempts.lostAsReported(new Attempts.Made(out, err));
        return new Recorded(out, pid, dd.comm(), lost, err, lost == 0 ? "" : counters(out));
    }

    /** What says why a recorder fell behind: its longest gap between reads, waits for the writer, load. */
    private static String counters(Path dir) {
        try (Dataset ds = Dataset.open(dir)) {
            return ds.query("c", "SELECT string_agg(k || '=' || v, ', ' ORDER BY k) FROM (SELECT unnest(map_keys(counters)) k,"
                    + " unnest(map_values(counters)) v FROM recording) WHERE k LIKE '%gap%' OR k LIKE '%writer%'"
                    + " OR k LIKE '%behind%'", rs -> rs.next() ? rs.getString(1) : "") + "; load average "
                    + Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return e.toString();
        }
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
