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

    /** "O main@0" and the like: a profile's events as text, frames by name. */
    private static List<String> events(Object profile, List<Object> frames) {
        List<Object> events = get(profile, "events");
        return events.stream().map(e -> get(e, "type") + " " + get(frames.get(((Long) get(e, "frame")).intValue()), "name")
                + "@" + get(e, "at")).toList();
    }

    @Test
    void isATimelineOfEveryThreadOnOneClock() throws IOException {
        SampleFixtures.standard(dir);
        Object file = MiniJson.parse(export(Map.of()));
        assertEquals("https://www.speedscope.app/file-format-schema.json", get(file, "$schema"));
        assertEquals("sonde@test", get(file, "exporter"));
        List<Object> frames = get(get(file, "shared"), "frames");
        List<Object> profiles = get(file, "profiles");
        assertEquals(List.of("swapper (pid 0, tid 0)", "java (pid 100, tid 101)", "java (pid 100, tid 102)",
                "postgres (pid 200, tid 200)"), profiles.stream().map(p -> get(p, "name")).toList());
        assertEquals(1L, (long) get(file, "activeProfileIndex"), "the busiest thread: java 101, 2 samples");
        long p = SampleFixtures.PERIOD_NS;
        long ms100 = 100 * SampleFixtures.MS;
        for (Object profile : profiles) {
            assertEquals("evented", get(profile, "type"));
            assertEquals("nanoseconds", get(profile, "unit"));
            assertEquals(0L, (long) get(profile, "startValue"), "one clock: ns since the first sample");
            assertEquals(5 * ms100 + p, (long) get(profile, "endValue"), "the same end for every thread");
        }
        // java 101 ran at 0 and at 400 ms, each time for one period: the gap between is idle, not squeezed out
        assertEquals(List.of("O main@0", "O JavaMain@0", "O Lcom/example/Spin;::spin@0",
                "C Lcom/example/Spin;::spin@" + p, "C JavaMain@" + p, "C main@" + p,
                "O main@" + 4 * ms100, "O JavaMain@" + 4 * ms100, "O GC \"young\" \\ \u00e9t\u00e9@" + 4 * ms100,
                "C GC \"young\" \\ \u00e9t\u00e9@" + (4 * ms100 + p), "C JavaMain@" + (4 * ms100 + p),
                "C main@" + (4 * ms100 + p)), events(profiles.get(1), frames));
        assertEquals("/usr/bin/java", get(frames.stream().filter(f -> get(f, "name").equals("main")).findFirst().orElseThrow(),
                "file"));
        assertEquals(List.of("O main@" + 2 * ms100, "O JavaMain@" + 2 * ms100, "O Lcom/example/Spin;::spin@" + 2 * ms100,
                "C Lcom/example/Spin;::spin@" + (2 * ms100 + p), "C JavaMain@" + (2 * ms100 + p), "C main@" + (2 * ms100 + p)),
                events(profiles.get(2), frames), "java 102 on the same clock");
    }

    @Test
    void aStackThatStaysOnCpuStaysOpenAcrossSamples() throws IOException {
        long p = SampleFixtures.PERIOD_NS;
        List<sonde.schema.CpuSample> rows = new java.util.ArrayList<>();
        for (String[] stack : List.of(new String[] {"/bin/app:main", "/bin/app:parse"},
                new String[] {"/bin/app:main", "/bin/app:parse"}, new String[] {"/bin/app:main", "/bin/app:write"})) {
            rows.add(SampleFixtures.sample(rows.size(), 7, 7, "app", p, stack));
        }
        for (int i = 0; i < rows.size(); i++) { // back to back: one period apart
            rows.get(i).setTsNs(SampleFixtures.T0 + i * p);
        }
        SampleFixtures.write(dir, "r3", rows);
        Object file = MiniJson.parse(export(Map.of()));
        assertEquals(List.of("O main@0", "O parse@0", "C parse@" + 2 * p, "O write@" + 2 * p, "C write@" + 3 * p,
                "C main@" + 3 * p), events(((List<?>) get(file, "profiles")).get(0), get(get(file, "shared"), "frames")));
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
        assertEquals(List.of("postgres (pid 200, tid 200)"), ((List<?>) get(file, "profiles")).stream().map(p -> get(p, "name")).toList());
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
