package sonde.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsOneLineAndExit1() {
        Sonde.Result r = Sonde.run("import", "perf-script", dir.resolve("nope.txt").toString(), "--out", dir.resolve("d").toString());
        assertEquals(1, r.status());
        assertEquals("sonde import: cannot read " + dir.resolve("nope.txt") + ": no such file\n", r.err());
        assertFalse(Files.exists(dir.resolve("d").resolve("cpu_sample")));
    }

    @Test
    void badUsageGivesTheReasonAndTheUsageLineAndExit2() {
        String out = "--out=" + dir.resolve("d");
        assertUsage("missing the input format (perf-script)", "import", out);
        assertUsage("unknown input format 'perf.data': sonde imports perf-script", "import", "perf.data", "x", out);
        assertUsage("missing FILE (perf script output, or - for standard input)", "import", "perf-script", out);
        assertUsage("missing --out DIR (the recording directory to write)", "import", "perf-script", "x");
        assertUsage("bad --host 'a b': letters, digits, '.', '_' and '-' only", "import", "perf-script", "x", out, "--host", "a b");
        assertUsage("unexpected argument 'y'", "import", "perf-script", "x", "y", out);
    }

    private static void assertUsage(String reason, String... args) {
        Sonde.Result r = Sonde.run(args);
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().startsWith("sonde import: " + reason + "\nUSAGE: sonde import perf-script FILE|- --out DIR"), r.err());
    }

    @Test
    void readsStandardInputAndSaysWhatItSkippedInOneLine() {
        String text = "ab 1 [000] 1.000001: 10 cpu-clock:\n\t1 f (/x)\n\n\u0001junk\n\nab 1 [000] 1.000002: 10 cpu-clock:\n\t1 g (/x)";
        Sonde.Result r = Sonde.runWithStdin(text, "import", "perf-script", "-", "--out", dir.toString(), "--host", "h9");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.err().split("\n");
        assertEquals("sonde import: note: skipped 3 of 7 lines: 1 sample(s) cut short (no blank line after, or a line over 1 MiB);"
                + " 1 line(s) that are not perf script samples", lines[0]);
        assertTrue(lines[1].startsWith("sonde import: imported 1 samples of cpu-clock into " + dir + " (host h9, recording "), lines[1]);
        assertEquals(2, lines.length);
        Sonde.Result sql = Sonde.run("sql", dir.toString(), "SELECT host, comm, frames[1].name AS f FROM cpu_sample", "--format", "csv");
        assertEquals("host,comm,f\r\nh9,ab,f\r\n", sql.out());
    }

    @Test
    void saysWhichEventItImportedWhenThereWereSeveral() {
        String text = "ab 1 1.0: 5 cycles:\n\t1 f (/x)\n\nab 1 2.0: 7 instructions:\n\t1 g (/x)\n\n";
        Sonde.Result r = Sonde.runWithStdin(text, "import", "perf-script", "-", "--out", dir.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().startsWith("sonde import: note: imported only 'cycles' samples; skipped 1 of other events,"
                + " e.g. 'instructions' (choose with --event-filter=EVENT)\n"), r.err());
        r = Sonde.runWithStdin(text, "import", "perf-script", "-", "--out", dir.toString(), "--event-filter=instructions");
        assertTrue(r.err().contains("imported 1 samples of instructions"), r.err());
    }

    @Test
    void isInTheCommandTable() {
        String help = Sonde.run("help").out();
        assertTrue(help.contains("\n  import "), help);
        assertEquals(0, Sonde.run("import", "--help").status());
    }

    @Test
    void randomBytesAreRefusedNotImportedAsSamplesWithBinaryNames() throws Exception {
        byte[] junk = new byte[1 << 20];
        new java.util.Random(7).nextBytes(junk);
        Path file = Files.write(dir.resolve("junk.bin"), junk);
        Sonde.Result r = Sonde.run("import", "perf-script", file.toString(), "--out", dir.resolve("d").toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().startsWith("sonde import: nothing imported: " + file + " is not perf script text ("), r.err());
        assertTrue(r.err().contains(" lines hold NUL bytes, as binary data does)\n  perf script prints text:"), r.err());
        assertEquals(2, r.err().lines().count(), r.err());
        assertFalse(Files.exists(dir.resolve("d/cpu_sample")), "no file written");
    }

    @Test
    void aPerfDataFileIsRefusedWithWhatToDo() throws Exception {
        Path file = Files.write(dir.resolve("perf.data"), "PERFILE2\u0068\u0000\u0000\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Sonde.Result r = Sonde.run("import", "perf-script", file.toString(), "--out", dir.resolve("d").toString());
        assertEquals(1, r.status(), r.err());
        assertEquals("sonde import: " + file + " is a perf.data file, not perf script output\n  print it as text first, where it was"
                + " recorded (for the symbols): perf script -i " + file + " > out.perf, then import out.perf\n", r.err());
    }

    @Test
    void aHeaderWithoutItsPidIsSkippedAndSaidSo() {
        String text = "dd [001] 100.000001: 250000 cpu-clock:\n\t1 f (/x)\n\nab 1 [000] 1.000001: 10 cpu-clock:\n\t1 f (/x)\n\n";
        Sonde.Result r = Sonde.runWithStdin(text, "import", "perf-script", "-", "--out", dir.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().startsWith("sonde import: note: skipped 2 of 6 lines: 1 sample(s) whose header perf does not print"
                + " (no pid, or a task name over 63 bytes)\n"), r.err());
        assertEquals("comm\r\nab\r\n", Sonde.run("sql", dir.toString(), "SELECT comm FROM cpu_sample", "--format", "csv").out());
    }

    @Test
    void aStackOf100kFramesIsKeptCutAtTheDocumentedDepthAndSaysSo() {
        StringBuilder text = new StringBuilder("deep 1 [000] 1.000001: 10 cpu-clock:\n");
        for (int i = 0; i < 100_000; i++) {
            text.append("\t").append(Integer.toHexString(0x1000 + i)).append(" f").append(i).append(" (/x)\n");
        }
        Sonde.Result r = Sonde.runWithStdin(text.append('\n').toString(), "import", "perf-script", "-", "--out", dir.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("sonde import: note: 1 sample(s) deeper than 65,535 frames kept with their 65,535 frames nearest the leaf"
                + " (their outermost callers left out, as the kernel's perf_event_max_stack cuts)", r.err().lines().findFirst().orElse(""));
        assertFalse(r.err().contains("cut short"), r.err());
        assertEquals("n,leaf,root\r\n65535,f0,f65534\r\n", Sonde.run("sql", dir.toString(),
                "SELECT len(frames) AS n, frames[-1].name AS leaf, frames[1].name AS root FROM cpu_sample", "--format", "csv").out());
    }
}
