package sonde.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.Sonde.Result;
import sonde.analyzer.db.Fixtures;
import sonde.analyzer.db.Fixtures.Io;
import sonde.analyzer.db.SqlFiles;

class TopCommandTest {
    @TempDir
    Path tmp;

    private String dir() {
        return Fixtures.standard(tmp, 0).toString();
    }

    private static Result ok(String... args) {
        Result r = Sonde.run(args);
        assertEquals(0, r.status(), r.err());
        return r;
    }

    @Test
    void totalsPerProcessAsText() {
        Result r = ok("top", dir());
        Golden.assertMatches("top_totals.txt", r.out());
        assertEquals("", r.err());
    }

    @Test
    void totalsPerDeviceAsText() {
        Golden.assertMatches("top_by_device.txt", ok("top", dir(), "--by", "device").out());
    }

    @Test
    void intervalsAsText() {
        Golden.assertMatches("top_interval.txt", ok("top", dir(), "--interval", "5s").out());
    }

    @Test
    void jsonHasExactlyTheDocumentedKeysInOrder() {
        assertEquals("""
                [
                {"pid":200,"comm":"postgres","device":"vda","op":"R","ios":2,"bytes":32768,"avg_latency_ns":1000000,"writeback":false,"latency_left_out":0},
                {"pid":400,"comm":"sh","device":"vdb","op":"R","ios":4,"bytes":16384,"avg_latency_ns":100000,"writeback":false,"latency_left_out":0},
                {"pid":100,"comm":"dd","device":"vda","op":"W","ios":3,"bytes":16384,"avg_latency_ns":2000000,"writeback":false,"latency_left_out":0},
                {"pid":300,"comm":"kworker/u8:1","device":"vdb","op":"W","ios":2,"bytes":1024,"avg_latency_ns":2,"writeback":false,"latency_left_out":0}
                ]
                """, ok("top", dir(), "--format", "json").out());
    }

    @Test
    void jsonByDeviceHasNullPidAndComm() {
        assertEquals("""
                [
                {"pid":null,"comm":null,"device":"vda","op":"R","ios":2,"bytes":32768,"avg_latency_ns":1000000,"writeback":false,"latency_left_out":0},
                {"pid":null,"comm":null,"device":"vdb","op":"R","ios":4,"bytes":16384,"avg_latency_ns":100000,"writeback":false,"latency_left_out":0},
                {"pid":null,"comm":null,"device":"vda","op":"W","ios":3,"bytes":16384,"avg_latency_ns":2000000,"writeback":false,"latency_left_out":0},
                {"pid":null,"comm":null,"device":"vdb","op":"W","ios":2,"bytes":1024,"avg_latency_ns":2,"writeback":false,"latency_left_out":0}
                ]
                """, ok("top", dir(), "--by", "device", "--format", "json").out());
    }

    @Test
    void intervalsAreAlignedToTheClockAndLimitedPerInterval() {
        assertEquals("""
                [
                {"interval_start":"2026-11-27T10:00:00.000Z","pid":200,"comm":"postgres","device":"vda","op":"R","ios":1,"bytes":16384,"avg_latency_ns":500000,"writeback":false,"latency_left_out":0},
                {"interval_start":"2026-11-27T10:00:00.000Z","pid":400,"comm":"sh","device":"vdb","op":"R","ios":3,"bytes":12288,"avg_latency_ns":100000,"writeback":false,"latency_left_out":0},
                {"interval_start":"2026-11-27T10:00:05.000Z","pid":200,"comm":"postgres","device":"vda","op":"R","ios":1,"bytes":16384,"avg_latency_ns":1500000,"writeback":false,"latency_left_out":0},
                {"interval_start":"2026-11-27T10:00:05.000Z","pid":100,"comm":"dd","device":"vda","op":"W","ios":1,"bytes":8192,"avg_latency_ns":null,"writeback":false,"latency_left_out":0}
                ]
                """, ok("top", dir(), "--interval", "5s", "-n", "2", "--format", "json").out());
    }

    @Test
    void oneSecondIntervalsStartOnTheSecondWhateverTheFirstEvent() {
        // iostat 1 and sar 1 count 10:00:00-10:00:01, 10:00:01-10:00:02, ...: so does top --interval 1s
        Fixtures.diskIo(tmp, "h1", "r1-0", List.of(
                new Io(Fixtures.T0 + 700 * Fixtures.MS, 7, "a", "vda", "R", 4096, 10L),
                new Io(Fixtures.T0 + 1200 * Fixtures.MS, 7, "a", "vda", "R", 4096, 10L),
                new Io(Fixtures.T0 + 1999 * Fixtures.MS, 7, "a", "vda", "R", 4096, 10L),
                new Io(Fixtures.T0 + 2000 * Fixtures.MS, 7, "a", "vda", "R", 4096, 10L),
                new Io(Fixtures.T0 + 4100 * Fixtures.MS, 7, "a", "vda", "R", 4096, 10L)));
        assertEquals("""
                interval_start,pid,comm,device,op,ios,bytes,avg_latency_ns,writeback,latency_left_out\r
                2026-11-27T10:00:00.000Z,7,a,vda,R,1,4096,10,false,0\r
                2026-11-27T10:00:01.000Z,7,a,vda,R,2,8192,10,false,0\r
                2026-11-27T10:00:02.000Z,7,a,vda,R,1,4096,10,false,0\r
                2026-11-27T10:00:04.000Z,7,a,vda,R,1,4096,10,false,0\r
                """, ok("top", tmp.toString(), "--interval", "1s", "--format", "csv").out());
        assertEquals("""
                interval_start,pid,comm,device,op,ios,bytes,avg_latency_ns,writeback,latency_left_out\r
                2026-11-27T10:00:00.000Z,7,a,vda,R,4,16384,10,false,0\r
                2026-11-27T10:00:03.000Z,7,a,vda,R,1,4096,10,false,0\r
                """, ok("top", tmp.toString(), "--interval", "3s", "--format", "csv").out(), "multiples of 3 s since the epoch");
    }

    @Test
    void requestsOpenWhileEventsWereLostAreCountedButLeftOutOfTheAverage() {
        Fixtures.diskIo(tmp, "h1", "r1-0", List.of(
                new Io(Fixtures.T0, 7, "fio", "vda", "R", 4096, 1_000_000L),
                new Io(Fixtures.T0 + 1, 7, "fio", "vda", "R", 4096, 3_000_000L),
                new Io(Fixtures.T0 + 2, 7, "fio", "vda", "R", 4096, 5_200_000_000L, true)));
        assertEquals("""
                pid,comm,device,op,ios,bytes,avg_latency_ns,writeback,latency_left_out\r
                7,fio,vda,R,3,12288,2000000,false,1\r
                """, ok("top", tmp.toString(), "--format", "csv").out());
        String text = ok("top", tmp.toString()).out();
        assertTrue(text.contains("   2.00 ") || text.contains(" 2.00"), text);
        assertTrue(text.endsWith("\n1 request left out of the AVGms of the rows shown (counted in I/O): open while the"
                + " kernel lost events, so their two ends may be two requests' (pairing_uncertain)\n"), text);
    }

    @Test
    void limitKeepsTheBusiestRows() {
        assertEquals("""
                pid,comm,device,op,ios,bytes,avg_latency_ns,writeback,latency_left_out\r
                200,postgres,vda,R,2,32768,1000000,false,0\r
                400,sh,vdb,R,4,16384,100000,false,0\r
                """, ok("top", dir(), "-n", "2", "--format", "csv").out());
    }

    @Test
    void filtersByPidAndByComm() {
        String d = dir();
        assertEquals("""
                pid,comm,device,op,ios,bytes,avg_latency_ns,writeback,latency_left_out\r
                100,dd,vda,W,3,16384,2000000,false,0\r
                """, ok("top", d, "-p", "100", "--format", "csv").out());
        assertEquals("""
                pid,comm,device,op,ios,bytes,avg_latency_ns,writeback,latency_left_out\r
                400,sh,vdb,R,4,16384,100000,false,0\r
                """, ok("top", d, "-c", "sh", "--format", "csv").out());
    }

    @Test
    void aCommIsMatchedAsANameNeverRunAsSql() {
        String evil = "x';DROP TABLE t"; // 15 bytes: a name the kernel can hold whole
        Fixtures.diskIo(tmp, "h1", "r1-0", List.of(
                new Io(Fixtures.T0, 7, evil, "vda", "R", 4096, 10L),
                new Io(Fixtures.T0, 8, "x", "vda", "R", 4096, 10L)));
        assertEquals("""
                [
                {"pid":7,"comm":"x';DROP TABLE t","device":"vda","op":"R","ios":1,"bytes":4096,"avg_latency_ns":10,"writeback":false,"latency_left_out":0}
                ]
                """, ok("top", tmp.toString(), "-c", evil, "--format", "json").out());
        assertEquals("[]\n", ok("top", tmp.toString(), "-c", "x' OR '1'='1", "--format", "json").out());
    }

    @Test
    void noMatchingIoSaysSo() {
        String d = dir();
        Result text = ok("top", d, "-p", "999");
        assertEquals("recording 2026-11-27 10:00:00.000 to 10:00:10.000 UTC (10.0 s) on h1, 0 lost events\n\n"
                + "no disk I/O recorded\n", text.out());
        assertEquals("[]\n", ok("top", d, "-p", "999", "--format", "json").out());
    }

    @Test
    void aRecordingWithoutDiskIoHasNoRows() {
        Fixtures.recording(tmp, "h1", "r1-0", Fixtures.T0, Fixtures.T0 + 2_000_000_000L, 0);
        assertEquals("recording 2026-11-27 10:00:00.000 to 10:00:02.000 UTC (2.0 s) on h1, 0 lost events\n\n"
                + "no disk I/O recorded\n", ok("top", tmp.toString()).out());
    }

    @Test
    void lostEventsAreCountedInTextAndWarnedAboutWithJson() {
        String d = Fixtures.standard(tmp, 7).toString();
        assertTrue(ok("top", d).out().startsWith("recording 2026-11-27 10:00:00.000 to 10:00:10.000 UTC (10.0 s) on h1,"
                + " 7 lost events (WARNING: the kernel dropped events; counts are low)\n"));
        Result json = ok("top", d, "--format", "json");
        assertEquals("sonde top: warning: 7 events lost while recording; counts are low\n", json.err());
    }

    @Test
    void missingRecordingMetadataIsSaidAndTheWindowComesFromDiskIo() {
        Fixtures.diskIo(tmp, "h1", "r1-0", List.of(
                new Io(Fixtures.T0 + 100 * Fixtures.MS, 1, "dd", "vda", "W", 4096, 5_000_000L),
                new Io(Fixtures.T0 + 3000 * Fixtures.MS, 1, "dd", "vda", "W", 4096, null)));
        assertTrue(ok("top", tmp.toString()).out().startsWith("disk I/O 2026-11-27 10:00:00.100 to 10:00:03.000 UTC"
                + " (2.9 s) on h1; recording metadata missing (recorder killed?): lost events unknown\n"));
    }

    @Test
    void helpNamesTheQueryFile() {
        Result r = ok("top", "--help");
        assertTrue(r.out().contains(SqlFiles.path("top.sql")), r.out());
        assertTrue(r.out().startsWith("Who is using my disk"), r.out());
    }

    @Test
    void printSqlPrintsTheQueryThatRuns() {
        assertEquals(SqlFiles.load("top.sql"), ok("top", "--print-sql").out());
        assertEquals(SqlFiles.load("top_interval.sql"), ok("top", "--interval", "2s", "--print-sql").out());
    }

    @Test
    void theQueryFileRunsUnderSondeSql() throws Exception {
        String d = dir();
        Path sql = tmp.resolve("mine.sql");
        java.nio.file.Files.writeString(sql, "SET VARIABLE top_n = 3;\nSET VARIABLE top_by = 'device';\n" + SqlFiles.load("top.sql"));
        assertEquals(ok("top", d, "-n", "3", "--by", "device", "--format", "json").out(),
                ok("sql", d, "--file", sql.toString(), "--format", "json").out());
    }

    @Test
    void badOptionValuesPrintTheReasonAndUsageAndExitTwo() {
        String d = dir();
        Result by = Sonde.run("top", d, "--by", "cpu");
        assertEquals(2, by.status());
        assertTrue(by.err().startsWith("sonde top: bad --by 'cpu': expected process or device\nUSAGE: sonde top DIR"), by.err());
        assertEquals(2, Sonde.run("top", d, "--interval", "soon").status());
        assertEquals(2, Sonde.run("top", d, "-n", "0").status());
        assertEquals(2, Sonde.run("top", d, "-p", "abc").status());
        assertEquals(2, Sonde.run("top", d, "--format", "xml").status());
        assertEquals(2, Sonde.run("top").status());
    }

    @Test
    void aFileThatIsNotParquetIsSkippedWithOneWarningLine() {
        String d = dir();
        Fixtures.garbage(tmp, "disk_io", "r1-1.parquet", new byte[10]);
        Result r = Sonde.run("top", d);
        assertEquals(0, r.status(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("sonde top: warning: skipped " + d + "/disk_io/host=h1/date=2026-11-27/r1-1.parquet: "), r.err());
        assertTrue(r.out().contains("dd"), "the other files' rows: " + r.out());
    }
}
