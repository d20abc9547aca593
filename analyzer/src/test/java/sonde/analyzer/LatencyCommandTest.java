package sonde.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.Sonde.Result;
import sonde.analyzer.db.Fixtures;
import sonde.analyzer.db.Recorded;
import sonde.analyzer.db.SqlFiles;

class LatencyCommandTest {
    private static final long T0 = Fixtures.T0;
    private static final long MS = Fixtures.MS;
    private static final long US = 1_000;

    @TempDir
    Path tmp;

    private String standard() {
        return Fixtures.standard(tmp, 0).toString();
    }

    /**
     * VFS calls over 10 s: cat reads ext4 on vda (cached, 2-9 us, and two misses at 1-2 ms),
     * postgres preads ext4 on vdb, dd writes tmpfs (no device); plus two disk reads.
     */
    private String vfs() {
        Recorded r = new Recorded();
        long[] catUs = {2, 3, 3, 5, 9, 1200, 2100};
        for (int i = 0; i < catUs.length; i++) {
            r.vfs(T0 + (i + 1) * 1000 * MS, 500, "cat", "read", "ext4", "vda", "/var/log/syslog", catUs[i] * US);
        }
        r.vfs(T0 + 2500 * MS, 200, "postgres", "pread64", "ext4", "vdb", "/db/base/1", 300 * US);
        r.vfs(T0 + 3500 * MS, 200, "postgres", "pread64", "ext4", "vdb", "/db/base/1", 700 * US);
        r.vfs(T0 + 4500 * MS, 100, "dd", "write", "tmpfs", null, "/tmp/x", 40 * US);
        r.vfs(T0 + 5500 * MS, 100, "dd", "write", "tmpfs", null, "/tmp/x", 60 * US);
        r.disk(T0 + 6000 * MS, 500, "cat", "vda", "R", 1100 * US);
        r.disk(T0 + 7000 * MS, 500, "cat", "vda", "R", 1900 * US);
        return r.write(tmp, T0, T0 + 10_000 * MS).toString();
    }

    private static Result ok(String... args) {
        Result r = Sonde.run(args);
        assertEquals(0, r.status(), r.err());
        return r;
    }

    private static Result usage(String... args) {
        Result r = Sonde.run(args);
        assertEquals(2, r.status(), r.out() + r.err());
        return r;
    }

    @Test
    void diskLatencyPrintsLikeBiolatency() {
        Result r = ok("latency", standard());
        Golden.assertMatches("latency_disk.txt", r.out());
        assertEquals("", r.err());
    }

    @Test
    void oneHistogramPerDevice() {
        Golden.assertMatches("latency_disk_by_device.txt", ok("latency", standard(), "--by", "device").out());
    }

    @Test
    void vfsLatencyPerFileSystemType() {
        Golden.assertMatches("latency_vfs_by_fstype.txt", ok("latency", vfs(), "--layer", "vfs", "--by", "fstype").out());
    }

    @Test
    void linearBucketsInMilliseconds() {
        Golden.assertMatches("latency_linear_ms.txt", ok("latency", standard(), "--linear", "1", "--unit", "ms").out());
    }

    @Test
    void jsonHasExactlyTheDocumentedKeys() {
        assertEquals("{\"layer\":\"disk\",\"unit\":\"usecs\",\"groups\":["
                + "{\"key\":\"vda\",\"count\":4,\"p50_ns\":1000000,\"p90_ns\":3000000,\"p99_ns\":3000000,\"p999_ns\":3000000,"
                + "\"max_ns\":3000000,\"buckets\":[{\"lo_ns\":256000,\"hi_ns\":511999,\"count\":1},"
                + "{\"lo_ns\":512000,\"hi_ns\":1023999,\"count\":1},{\"lo_ns\":1024000,\"hi_ns\":2047999,\"count\":1},"
                + "{\"lo_ns\":2048000,\"hi_ns\":4095999,\"count\":1}]},"
                + "{\"key\":\"vdb\",\"count\":6,\"p50_ns\":100000,\"p90_ns\":100000,\"p99_ns\":100000,\"p999_ns\":100000,"
                + "\"max_ns\":100000,\"buckets\":[{\"lo_ns\":0,\"hi_ns\":1999,\"count\":2},"
                + "{\"lo_ns\":64000,\"hi_ns\":127999,\"count\":4}]}],\"left_out\":0}\n",
                ok("latency", standard(), "--by", "device", "--format", "json").out());
    }

    @Test
    void jsonBucketBoundsAreNanosecondsWhateverTheUnit() {
        assertEquals("{\"layer\":\"disk\",\"unit\":\"msecs\",\"groups\":[{\"key\":\"100 dd\",\"count\":2,"
                + "\"p50_ns\":1000000,\"p90_ns\":3000000,\"p99_ns\":3000000,\"p999_ns\":3000000,\"max_ns\":3000000,"
                + "\"buckets\":[{\"lo_ns\":0,\"hi_ns\":1999999,\"count\":1},{\"lo_ns\":2000000,\"hi_ns\":3999999,\"count\":1}]}],\"left_out\":0}\n",
                ok("latency", standard(), "--by", "process", "-p", "100", "--unit", "ms", "--format", "json").out());
    }

    @Test
    void rowsOpenWhileEventsWereLostAreLeftOutAndCounted() {
        Fixtures.diskIo(tmp, "h1", "r1-0", List.of(
                new Fixtures.Io(T0, 7, "fio", "vda", "R", 4096, 1_000_000L),
                new Fixtures.Io(T0 + MS, 7, "fio", "vda", "R", 4096, 5_200_000_000L, true),
                new Fixtures.Io(T0 + 2 * MS, 7, "fio", "vda", "R", 4096, 2_000_000L, true)));
        Fixtures.recording(tmp, "h1", "r1-0", T0, T0 + 10_000 * MS, 109_981);
        String text = ok("latency", tmp.toString()).out();
        assertTrue(text.contains("max = 1000 us"), "the 5.2 s pairing across the loss is not in the figures: " + text);
        assertTrue(text.endsWith("\n\n2 requests left out of the latency figures: open while the kernel lost events, so"
                + " their two ends may be two requests' (pairing_uncertain)\n"), text);
        assertTrue(ok("latency", tmp.toString(), "--format", "json").out().endsWith(",\"left_out\":2}\n"));
        assertTrue(ok("latency", tmp.toString(), "-c", "other", "--format", "json").out().endsWith(",\"left_out\":0}\n"),
                "counted under the same filter");
        Result csv = ok("latency", tmp.toString(), "--format", "csv");
        assertTrue(csv.err().contains("sonde latency: warning: 2 requests left out of the latency figures"), csv.err());
    }

    @Test
    void csvHasOneRowPerBucket() {
        assertEquals("""
                group,lo_ns,hi_ns,count\r
                300 kworker/u8:1,0,1,1\r
                300 kworker/u8:1,2,3,1\r
                400 sh,64,127,4\r
                """.replace("64,127", "65536,131071"),
                ok("latency", standard(), "--by", "process", "--unit", "ns", "-c", "kworker/u8:1", "--format", "csv").out()
                        + ok("latency", standard(), "--by", "process", "--unit", "ns", "-p", "400", "--format", "csv").out()
                        .replace("group,lo_ns,hi_ns,count\r\n", ""));
    }

    @Test
    void percentilesAreNearestRankOverTheRawValues() {
        Recorded r = new Recorded();
        for (int i = 1; i <= 1000; i++) {
            r.disk(T0 + i * MS, 1, "fio", "vda", "R", i * US + 1);
        }
        Result out = ok("latency", r.write(tmp, T0, T0 + 2000 * MS).toString());
        assertTrue(out.out().endsWith("\np50 = 500.001 us, p90 = 900.001 us, p99 = 990.001 us, p99.9 = 999.001 us,"
                + " max = 1000.001 us\n"), out.out());
    }

    @Test
    void latenciesBeyond32BitsWidenTheHistogram() {
        Recorded r = new Recorded().disk(T0, 1, "dd", "vda", "W", 5_000_000_000L).disk(T0 + MS, 1, "dd", "vda", "W", 3L);
        String out = ok("latency", r.write(tmp, T0, T0 + 9000 * MS).toString(), "--unit", "ns").out();
        assertTrue(out.contains("\n               nsecs                         : count     distribution\n"
                + "                   0 -> 1                    : 0        |                    |\n"
                + "                   2 -> 3                    : 1        |********************|\n"), out);
        assertTrue(out.contains("\n          4294967296 -> 8589934591           : 1        |********************|\n"
                + "p50 = 3 ns, p90 = 5000000000 ns"), out);
    }

    @Test
    void vfsGroupsBySyscallAndByDeviceWithNoneForVirtualFileSystems() {
        String d = vfs();
        assertEquals("""
                group,lo_ns,hi_ns,count\r
                pread64,256000,511999,1\r
                pread64,512000,1023999,1\r
                read,2000,3999,3\r
                read,4000,7999,1\r
                read,8000,15999,1\r
                read,1024000,2047999,1\r
                read,2048000,4095999,1\r
                write,32000,63999,2\r
                """, ok("latency", d, "--layer", "vfs", "--by", "syscall", "--format", "csv").out());
        String text = ok("latency", d, "--layer", "vfs", "--by", "device").out();
        assertTrue(text.contains("\ndevice = (none)\n     usecs "), text);
        assertTrue(text.contains("\ndevice = vda\n"), text);
    }

    @Test
    void diskAndVfsLayersAreSeparate() {
        String d = vfs();
        assertTrue(ok("latency", d, "--format", "json").out().startsWith("{\"layer\":\"disk\",\"unit\":\"usecs\",\"groups\":[{\"key\":\"all\",\"count\":2,"));
        assertTrue(ok("latency", d, "--layer", "vfs", "--format", "json").out().startsWith("{\"layer\":\"vfs\",\"unit\":\"usecs\",\"groups\":[{\"key\":\"all\",\"count\":11,"));
    }

    @Test
    void noCompletedIoSaysSo() {
        String d = standard();
        assertEquals("recording 2026-11-27 10:00:00.000 to 10:00:10.000 UTC (10.0 s) on h1, 0 lost events\n\n"
                + "no completed disk I/O recorded\n", ok("latency", d, "-p", "999").out());
        assertEquals("{\"layer\":\"disk\",\"unit\":\"usecs\",\"groups\":[],\"left_out\":0}\n", ok("latency", d, "-c", "nobody", "--format", "json").out());
        assertEquals("group,lo_ns,hi_ns,count\r\n", ok("latency", d, "-p", "999", "--format", "csv").out());
        assertTrue(ok("latency", d, "--layer", "vfs").out().endsWith("\n\nno completed VFS I/O recorded\n"));
    }

    @Test
    void timeWindowAcceptsUtcTimesAndOffsetsFromTheRecordingStart() {
        String d = standard();
        String offsets = ok("latency", d, "--from", "+1s", "--to", "+5s", "--format", "csv").out();
        String utc = ok("latency", d, "--from", "2026-11-27T10:00:01Z", "--to", "2026-11-27T10:00:05.000Z", "--format", "csv").out();
        assertEquals(offsets, utc);
        // dd at 1 s (3 ms), postgres at 2 s (0.5 ms), kworker at 3 s and 4 s, sh at 1.5 s and 2.5 s
        assertEquals("""
                group,lo_ns,hi_ns,count\r
                all,0,1999,2\r
                all,64000,127999,2\r
                all,256000,511999,1\r
                all,2048000,4095999,1\r
                """, offsets);
        assertEquals(ok("latency", d, "--format", "csv").out(), ok("latency", d, "--from", "+0", "--format", "csv").out());
    }

    @Test
    void badTimesAreUsageErrorsNamingTheValue() {
        String d = standard();
        assertTrue(usage("latency", d, "--from", "yesterday").err().startsWith("sonde latency: bad --from 'yesterday': expected a UTC time"));
        assertTrue(usage("latency", d, "--to", "+5 parsecs").err().startsWith("sonde latency: bad --to '+5 parsecs': "));
        assertTrue(usage("latency", d, "--from", "+5s", "--to", "+2s").err()
                .startsWith("sonde latency: bad --to '+2s': not after --from '+5s'"));
    }

    @Test
    void fileSystemGroupingsNeedTheVfsLayer() {
        String d = standard();
        Result r = usage("latency", d, "--by", "fstype");
        assertTrue(r.err().startsWith("sonde latency: --by fstype needs --layer vfs: disk_io has no file system type\n"
                + "USAGE: sonde latency DIR"), r.err());
        assertTrue(usage("latency", d, "--by", "syscall").err().contains("--by syscall needs --layer vfs"));
        assertTrue(usage("latency", d, "--by", "cpu").err().startsWith("sonde latency: bad --by 'cpu': expected device, op, process\n"));
        usage("latency", d, "--layer", "net");
        usage("latency", d, "--unit", "s");
        usage("latency", d, "--linear", "0");
        usage("latency", d, "--format", "xml");
    }

    @Test
    void aLinearStepThatMakesTooManyRowsIsRefused() {
        Result r = Sonde.run("latency", standard(), "--linear", "1", "--unit", "ns");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("sonde latency: --linear 1 would print 3000000 rows (latencies up to 3000000 ns)\n"
                + "  choose a larger STEP"), r.err());
    }

    @Test
    void printSqlPrintsTheQueryThatRuns() {
        assertEquals(SqlFiles.load("latency.sql"), ok("latency", "--print-sql").out());
    }

    @Test
    void theQueryFileRunsUnderSondeSql() throws Exception {
        String d = vfs();
        Path sql = tmp.resolve("mine.sql");
        Files.writeString(sql, "SET VARIABLE layer = 'vfs';\nSET VARIABLE latency_by = 'syscall';\n" + SqlFiles.load("latency.sql"));
        String rows = ok("sql", d, "--file", sql.toString(), "--format", "csv").out();
        assertTrue(rows.startsWith("grp,ios,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,bucket,lo_ns,hi_ns,count\r\n"
                + "pread64,2,300000,700000,700000,700000,700000,9,256000,511999,1\r\n"), rows);
    }

    @Test
    void helpHasTheFixedShape() {
        String help = ok("latency", "--help").out();
        assertTrue(help.startsWith("How slow is I/O"), help);
        assertTrue(help.contains("\nUSAGE: sonde latency DIR [--layer disk|vfs]"), help);
        assertTrue(help.contains("\nEXAMPLES:\n  sonde latency ./sonde-data "), help);
    }
}
