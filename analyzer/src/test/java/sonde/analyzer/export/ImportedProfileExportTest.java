package sonde.analyzer.export;

import sonde.analyzer.testing.MiniJson;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.flame.Corpus;
import sonde.analyzer.importer.PerfScriptImport;

/** A perf profile from the FlameGraph corpus, imported, then exported: nothing lost on the way. */
class ImportedProfileExportTest {
    @TempDir
    Path dir;

    @Test
    void aJavaProfileKeepsItsSamplesAndLeavesInBothFormats() throws IOException {
        Path input = Corpus.input("perf-java-stacks-01");
        try (InputStream in = Files.newInputStream(input)) {
            PerfScriptImport.run(in, new PerfScriptImport.Options("java", null, null, "test", "test"), dir);
        }
        ByteArrayOutputStream pb = new ByteArrayOutputStream();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        Set<String> leaves = new TreeSet<>();
        long[] processes = new long[1];
        try (Dataset ds = Dataset.open(dir)) {
            Pprof.write(ds, List.of(), pb);
            Speedscope.write(ds, "java", "sonde@test", json);
            ds.query("leaves", "SELECT DISTINCT frames[-1].name FROM cpu_sample WHERE len(frames) > 0", rs -> {
                while (rs.next()) {
                    leaves.add(rs.getString(1));
                }
                return null;
            });
            processes[0] = ds.query("processes", "SELECT count(DISTINCT (pid, comm)) FROM cpu_sample", rs -> rs.next() ? rs.getLong(1) : 0);
        }
        PprofProfile p = new PprofProfile(pb.toByteArray());
        assertEquals(45, p.samples.stream().mapToLong(s -> s.values().get(0)).sum());
        assertEquals(0, p.samples.stream().mapToLong(s -> s.values().get(1)).sum(), "cycles samples: no CPU time");
        assertEquals(leaves, new TreeSet<>(p.samples.stream().map(s -> s.stack().get(0)).toList()));

        Object file = MiniJson.parse(json.toString(StandardCharsets.UTF_8));
        List<?> profiles = (List<?>) ((java.util.Map<?, ?>) file).get("profiles");
        long samples = profiles.stream().mapToLong(pr -> ((List<?>) ((java.util.Map<?, ?>) pr).get("samples")).size()).sum();
        assertEquals(45, samples);
        // perf printed thread ids only ("java 23920 [000] ..."): each Java thread is its own "process"
        assertEquals(processes[0], profiles.size());
        assertEquals("java (pid 23920)", ((java.util.Map<?, ?>) profiles.get(1)).get("name"));
    }
}
