package sonde.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.db.Fixtures;
import sonde.analyzer.export.SampleFixtures;

/**
 * -o naming a directory (existing, or new with a trailing '/') writes the command's default
 * file name into it, as cp does; every command that writes a file says which on standard error
 * and leaves standard output to data (issue 14, item 16).
 */
class OutputIntoDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void reportIntoANewDirectoryNamedWithATrailingSlash() {
        Path disk = Fixtures.standard(tmp.resolve("disk"), 0);
        Sonde.Result r = Sonde.run("report", disk.toString(), "-o", tmp + "/newdir/");
        assertEquals(0, r.status(), r.err());
        Path html = tmp.resolve("newdir/report.html");
        assertTrue(Files.isRegularFile(html), "wrote " + html);
        assertTrue(r.err().startsWith("wrote " + html + " ("), r.err());
        assertEquals("", r.out());
    }

    @Test
    void everyCommandThatWritesAFileWritesItsDefaultNameIntoAnExistingDirectory() throws Exception {
        Path disk = Fixtures.standard(tmp.resolve("disk"), 0);
        Path cpu = SampleFixtures.standard(tmp.resolve("cpu"));
        Path into = Files.createDirectory(tmp.resolve("into"));
        for (List<String> c : List.of(List.of("report", disk.toString()), List.of("heatmap", disk.toString()),
                List.of("flame", cpu.toString()), List.of("export", "pprof", cpu.toString()),
                List.of("export", "speedscope", cpu.toString()))) {
            String name = switch (c.get(0) + (c.size() > 2 ? c.get(1) : "")) {
                case "report" -> "report.html";
                case "heatmap" -> "latency.svg";
                case "flame" -> "flame.svg";
                case "exportpprof" -> "profile.pb.gz";
                default -> "profile.speedscope.json";
            };
            List<String> args = new java.util.ArrayList<>(c);
            args.addAll(List.of("-o", into.toString()));
            Sonde.Result r = Sonde.run(args.toArray(String[]::new));
            assertEquals(0, r.status(), c + ": " + r.err());
            assertTrue(Files.isRegularFile(into.resolve(name)), c + " wrote " + name);
            assertTrue(r.err().startsWith("wrote " + into + "/" + name), c + ": " + r.err());
            assertEquals("", r.out(), c + ": standard output is for data only");
        }
    }
}
