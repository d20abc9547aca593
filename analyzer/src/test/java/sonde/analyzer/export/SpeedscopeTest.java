package sonde.analyzer.export;

import sonde.analyzer.testing.MiniJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.db.Dataset;

class SpeedscopeTest {
    @TempDir
    Path dir;

    private String export(Map<String, Object> filters) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Dataset ds = Dataset.open(dir)) {
            filters.forEach(ds::set);
            Speedscope.write(ds, "fixture", "sonde@test", out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static <T> T get(Object json, String key) {
        return (T) ((Map<String, Object>) json).get(key);
    }

    @Test
    void matchesTheGoldenFile() throws IOException {
        SampleFixtures.standard(dir);
        assertGolden("standard.speedscope.json", export(Map.of()));
    }

    @Test
    void hasOneSampledProfilePerProcessOverSharedFrames() throws IOException {
        SampleFixtures.standard(dir);
        Object file = MiniJson.parse(export(Map.of()));
        assertEquals("https://www.speedscope.app/file-format-schema.json", get(file, "$schema"));
        assertEquals("sonde@test", get(file, "exporter"));
        List<Object> frames = get(get(file, "shared"), "frames");
        List<Object> profiles = get(file, "profiles");
        assertEquals(List.of("swapper (pid 0)", "java (pid 100)", "postgres (pid 200)"),
                profiles.stream().map(p -> get(p, "name")).toList());
        assertEquals(1L, (long) get(file, "activeProfileIndex"), "the busiest process first: java, 3 samples");
        for (Object p : profiles) {
            assertEquals("sampled", get(p, "type"));
            assertEquals("nanoseconds", get(p, "unit"));
            List<List<Long>> samples = get(p, "samples");
            List<Long> weights = get(p, "weights");
            assertEquals(samples.size(), weights.size());
            assertEquals(0L, (long) get(p, "startValue"));
            assertEquals(weights.stream().mapToLong(Long::longValue).sum(), (long) get(p, "endValue"));
            assertTrue(samples.stream().flatMap(List::stream).allMatch(ix -> ix >= 0 && ix < frames.size()));
        }
        // java's samples in time order, root first: main, JavaMain, then the leaf
        List<List<Long>> java = get(profiles.get(1), "samples");
        List<String> leaves = java.stream().map(st -> (String) get(frames.get(st.get(st.size() - 1).intValue()), "name")).toList();
        assertEquals(List.of("Lcom/example/Spin;::spin", "Lcom/example/Spin;::spin", "GC \"young\" \\ \u00e9t\u00e9"), leaves);
        assertEquals("main", get(frames.get(java.get(0).get(0).intValue()), "name"));
        assertEquals("/usr/bin/java", get(frames.get(java.get(0).get(0).intValue()), "file"));
        assertEquals(List.of(SampleFixtures.PERIOD_NS, SampleFixtures.PERIOD_NS, SampleFixtures.PERIOD_NS), get(profiles.get(1), "weights"));
    }

    @Test
    void aProcessWithSamplesOfUnknownPeriodCountsSamples() throws IOException {
        SampleFixtures.write(dir, "r2", List.of(
                SampleFixtures.sample(0, 7, 7, "perf", 0, "/usr/bin/perf:main", "/usr/bin/perf:cmd_record"),
                SampleFixtures.sample(1, 7, 7, "perf", 5, "/usr/bin/perf:main")));
        Object p = ((List<?>) get(MiniJson.parse(export(Map.of())), "profiles")).get(0);
        assertEquals("none", get(p, "unit"));
        assertEquals(List.of(1L, 1L), get(p, "weights"));
        assertEquals(2L, (long) get(p, "endValue"));
    }

    @Test
    void filtersAreTheBoundVariablesAndNoSampleIsStillValid() throws IOException {
        SampleFixtures.standard(dir);
        Object file = MiniJson.parse(export(Map.of("comm", "postgres")));
        assertEquals(List.of("postgres (pid 200)"), ((List<?>) get(file, "profiles")).stream().map(p -> get(p, "name")).toList());
        Object none = MiniJson.parse(export(Map.of("pid", 4242)));
        assertEquals(List.of(), get(none, "profiles"));
        assertEquals(List.of(), get(get(none, "shared"), "frames"));
    }

    /** Compares with src/test/resources/sonde/analyzer/export/NAME; -Dsonde.golden.update=true rewrites it. */
    static void assertGolden(String name, String actual) throws IOException {
        if (Boolean.getBoolean("sonde.golden.update")) {
            Path file = Path.of(System.getProperty("sonde.root"), "analyzer/src/test/resources/sonde/analyzer/export", name);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = SpeedscopeTest.class.getResourceAsStream(name)) {
            assertTrue(in != null, "no golden file " + name + " (run with -Dsonde.golden.update=true)");
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual, name);
        }
    }
}
