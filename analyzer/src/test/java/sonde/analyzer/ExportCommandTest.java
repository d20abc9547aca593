package sonde.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.export.SampleFixtures;

class ExportCommandTest {
    @TempDir
    Path dir;

    private Path data() {
        return SampleFixtures.standard(dir.resolve("d"));
    }

    @Test
    void writesAGzippedPprofProfile() throws IOException {
        Path out = dir.resolve("cpu.pb.gz");
        Sonde.Result r = Sonde.run("export", "pprof", data().toString(), "-o", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("wrote " + out + ": 6 samples, 4 stacks, 11 functions\n", r.err());
        byte[] b = Files.readAllBytes(out);
        assertEquals(0x1f, b[0] & 0xff);
        assertEquals(0x8b, b[1] & 0xff);
    }

    @Test
    void writesASpeedscopeFile() throws IOException {
        Path out = dir.resolve("cpu.json");
        Sonde.Result r = Sonde.run("export", "speedscope", data().toString(), "-o", out.toString(), "--no-idle");
        assertEquals(0, r.status(), r.err());
        assertEquals("wrote " + out + ": 5 samples, 3 threads on one timeline, 9 frames\n", r.err());
        String json = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\",\n\"exporter\":\"sonde@"), json);
        assertTrue(json.contains("\n\"name\":\"d\","), json);
    }

    @Test
    void filtersByPidCommAndTimeWindow() {
        Path d = data();
        assertTrue(export(d, "-p", "100").endsWith(": 3 samples, 2 threads on one timeline, 4 frames\n"));
        assertTrue(export(d, "-c", "postgres").endsWith(": 2 samples, 1 thread on one timeline, 5 frames\n"));
        // samples every 100 ms from the first: +100ms up to +300ms holds the 2nd and 3rd
        assertTrue(export(d, "--from", "+100ms", "--to", "+300ms").endsWith(": 2 samples, 2 threads on one timeline, 8 frames\n"));
    }

    private String export(Path d, String... filters) {
        String[] args = new String[5 + filters.length];
        System.arraycopy(new String[] {"export", "speedscope", d.toString(), "-o", dir.resolve("f.json").toString()}, 0, args, 0, 5);
        System.arraycopy(filters, 0, args, 5, filters.length);
        Sonde.Result r = Sonde.run(args);
        assertEquals(0, r.status(), r.err());
        return r.err();
    }

    @Test
    void writesToStandardOutputWithDash() {
        Sonde.Result r = Sonde.run("export", "speedscope", data().toString(), "-o", "-");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("{\"$schema\""));
        assertEquals("", r.err());
    }

    @Test
    void badUsageGivesTheReasonAndTheUsageLineAndExit2() {
        String d = data().toString();
        assertUsage("missing the format (pprof or speedscope)");
        assertUsage("unknown format 'svg': pprof or speedscope", "svg", d);
        assertUsage("missing DIR (the directory a recording was written to)", "pprof");
        assertUsage("bad -p 'x': not a whole number", "pprof", d, "-p", "x");
        assertUsage("bad --from 'yesterday': expected a UTC time such as 2026-11-27T10:00:05Z or an offset from the recording start such as +5s",
                "pprof", d, "--from", "yesterday");
    }

    private void assertUsage(String reason, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "export";
        System.arraycopy(args, 0, all, 1, args.length);
        Sonde.Result r = Sonde.run(all);
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().startsWith("sonde export: " + reason.replace("-p 'x'", "--pid 'x'") + "\nUSAGE: sonde export pprof|speedscope DIR"),
                r.err());
    }

    @Test
    void aMissingDirectoryOrAnUnwritableOutputIsOneLineAndExit1() {
        Sonde.Result r = Sonde.run("export", "pprof", dir.resolve("nope").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("sonde export: no such directory: " + dir.resolve("nope") + "\n"), r.err());
        Path out = dir.resolve("no/such/dir/x.pb.gz");
        r = Sonde.run("export", "pprof", data().toString(), "-o", out.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("sonde export: cannot write " + out + ": "), r.err());
        assertEquals(1, r.err().split("\n").length, r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void isInTheCommandTable() {
        String help = Sonde.run("help").out();
        assertTrue(help.contains("\n  export "), help);
        assertEquals(0, Sonde.run("export", "--help").status());
    }

    @Test
    void printsTheQueryOfEachFormat() {
        assertTrue(Sonde.run("export", "pprof", "--print-sql").out().startsWith("-- export_stacks.sql:"));
        assertTrue(Sonde.run("export", "speedscope", "--print-sql").out().startsWith("-- export_samples.sql:"));
    }
}
