package sonde.analyzer.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.db.Dataset;
import sonde.recorder.testing.Jvm;

class PerfScriptImportTest {
    @TempDir
    Path dir;

    private PerfScriptImport.Result run(byte[] input) {
        return PerfScriptImport.run(new ByteArrayInputStream(input),
                new PerfScriptImport.Options("in.txt", null, null, "sonde import perf-script in.txt --out d", "9.9"), dir);
    }

    private String sql(String query) {
        try (Dataset ds = Dataset.open(dir)) {
            return ds.query("test", query, rs -> {
                StringBuilder sb = new StringBuilder();
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                    }
                    sb.append('\n');
                }
                return sb.toString();
            });
        }
    }

    @Test
    void writesCpuSamplesAndARecordingRowSayingWhatWasImported() throws IOException {
        byte[] dd = Files.readAllBytes(PerfScriptCorpusTest.corpus().resolve("perf-dd-stacks-01.txt"));
        PerfScriptImport.Result r = run(dd);
        assertEquals(10, r.samples());
        assertEquals("unknown", r.host(), "perf printed no # hostname line");
        assertEquals("10|1|10101010|666709771979000|666709862886000\n",
                sql("SELECT count(*), count(DISTINCT pid), min(period_ns), min(ts_ns), max(ts_ns) FROM cpu_sample"));
        assertEquals(r.recordingId() + "|9.9|sonde import perf-script in.txt --out d|perf-script|in.txt|cpu-clock|perf"
                        + "|666709771979000|666709862886000|10|3|1|10|end of input|1\n",
                sql("SELECT recording_id, sonde_version, command_line, options['source'], options['file'], options['event'],"
                        + " trace_clock, start_ts_ns, end_ts_ns, event_counts['cpu_sample'], counters['import.skipped_lines'],"
                        + " counters['import.dropped_samples'], counters['import.pid_from_tid'], ended_by, len(files) FROM recording"));
        assertEquals("unknown\n", sql("SELECT DISTINCT host FROM cpu_sample"));
    }

    @Test
    void takesTheHostFromPerfsHeaderUnlessGiven() throws IOException {
        byte[] java = Files.readAllBytes(PerfScriptCorpusTest.corpus().resolve("perf-java-stacks-01.txt"));
        assertEquals("lgud-bgregg", run(java).host());
        assertEquals("3.13.0-44-generic|4\n", sql("SELECT kernel_release, cpus FROM recording"));
        PerfScriptImport.Result given = PerfScriptImport.run(new ByteArrayInputStream(java),
                new PerfScriptImport.Options("-", "web-1", null, "c", "v"), dir);
        assertEquals("web-1", given.host());
        assertEquals("lgud-bgregg|45\nweb-1|45\n", sql("SELECT host, count(*) FROM cpu_sample GROUP BY host ORDER BY host"));
    }

    @Test
    void binaryGarbageIsSkippedAndCountedNeverASampleNorACrash() {
        byte[] junk = new byte[1 << 20];
        new Random(7).nextBytes(junk);
        String good = "ab 1 [000] 1.000001: 10 cpu-clock:\n\t1 f (/x)\n\n";
        byte[] text = (good + new String(junk, StandardCharsets.ISO_8859_1) + "\n\n" + good).getBytes(StandardCharsets.ISO_8859_1);
        PerfScriptImport.Result r = run(text);
        assertEquals(2, r.samples(), "the good samples around the junk, and nothing of the junk");
        assertTrue(r.skippedLines() > 1000, "junk lines counted: " + r.skippedLines());
        assertTrue(r.odd().binaryLines() > 1000, "binary lines counted: " + r.odd());
        assertEquals("ab|2\n", sql("SELECT comm, count(*) FROM cpu_sample GROUP BY comm"));
        assertEquals("true\n", sql("SELECT counters['import.binary_lines'] > 1000 FROM recording"));
    }

    @Test
    void aLineTooLongToHoldCutsItsSampleShort() {
        String longFrame = "\t1 " + "x".repeat(PerfScriptImport.MAX_LINE_BYTES + 10) + " (/x)\n";
        String text = "ab 1 1.0: cycles:\n\t1 f (/x)\n" + longFrame + "\nab 1 2.0: cycles:\n\t1 g (/x)\n\n" + longFrame;
        PerfScriptImport.Result r = run(text.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of(1L, 1L), List.of(r.samples(), r.droppedSamples()));
        assertEquals("g\n", sql("SELECT frames[1].name FROM cpu_sample"));
        assertEquals(4, r.skippedLines(), "the cut sample's 2 lines, its long line and the last long line");
    }

    @Test
    void nothingToImportStillMakesARecording() {
        PerfScriptImport.Result r = run("# only a comment\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, r.samples());
        assertEquals("0|none|\n", sql("SELECT event_counts['cpu_sample'], trace_clock, options['event'] FROM recording"));
    }

    @Test
    void streamsAnInputManyTimesTheSizeOfItsHeap() throws Exception {
        // 100 MB of samples through a child JVM with a 48 MB heap: memory must not grow with input
        int samples = 150_000;
        List<String> cmd = new ArrayList<>(List.of(Jvm.javaBinary(), "-Xmx48m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), "sonde.analyzer.Main", "import", "perf-script", "-",
                "--out", dir.toString(), "--host", "big"));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("err.txt").toFile()).start();
        long bytes = 0;
        try (OutputStream in = p.getOutputStream()) {
            StringBuilder sample = new StringBuilder();
            for (int i = 0; i < samples; i++) {
                sample.setLength(0);
                sample.append("worker ").append(1000 + i % 7).append('/').append(2000 + i % 13).append(" [00").append(i % 4)
                        .append("] ").append(100 + i / 1000).append('.').append(String.format("%06d", i % 1000 * 997))
                        .append(": 1003009 cpu-clock:\n");
                for (int f = 0; f < 12; f++) {
                    sample.append("\t    7f3a2c41").append(String.format("%04x", (i * 31 + f) & 0xffff))
                            .append(" some::namespace::Function").append((i + f) % 500).append("(int, char const*)+0x1f (/usr/lib/libexample.so.1)\n");
                }
                sample.append('\n');
                byte[] b = sample.toString().getBytes(StandardCharsets.US_ASCII);
                in.write(b);
                bytes += b.length;
            }
        }
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "import finished");
        String err = Files.readString(dir.resolve("err.txt"));
        assertEquals(0, p.exitValue(), err);
        assertTrue(bytes > 100L << 20, "input was " + bytes + " bytes");
        Files.delete(dir.resolve("err.txt"));
        assertEquals(samples + "|" + samples * 12L + "\n", sql("SELECT count(*), sum(len(frames)) FROM cpu_sample"));
    }
}
