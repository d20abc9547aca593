package sonde.analyzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.db.Dataset;

class PprofTest {
    @TempDir
    Path dir;

    private PprofProfile export(Map<String, Object> filters) throws IOException {
        SampleFixtures.standard(dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Dataset ds = Dataset.open(dir)) {
            filters.forEach(ds::set);
            Pprof.write(ds, List.of("sonde test"), out);
        }
        return new PprofProfile(out.toByteArray());
    }

    @Test
    void roundTripsThroughADecoderWithEveryReferenceResolved() throws IOException {
        PprofProfile p = export(Map.of());
        assertEquals(List.of("samples/count", "cpu/nanoseconds"), p.sampleTypes());
        assertEquals("cpu/nanoseconds", p.valueType(p.profile.message(11)));
        assertEquals(SampleFixtures.PERIOD_NS, p.profile.scalar(12));
        assertEquals(SampleFixtures.T0, p.profile.scalar(9), "time_nanos: the first sample");
        assertEquals(500 * SampleFixtures.MS, p.profile.scalar(10), "duration_nanos: first to last sample");
        assertEquals("cpu", p.str(p.profile.scalar(14)), "default_sample_type");
        assertEquals(List.of("sonde test"), p.profile.longs(13).stream().map(p::str).toList());
    }

    @Test
    void aSampleIsADistinctStackLeafFirstWithCountAndCpuTime() throws IOException {
        PprofProfile p = export(Map.of());
        Map<String, List<Long>> byStack = new TreeMap<>();
        for (PprofProfile.Sample s : p.samples) {
            byStack.put(String.join(" <- ", s.stack()) + " " + s.labels(), s.values());
        }
        long period = SampleFixtures.PERIOD_NS;
        assertEquals(Map.of(
                "Lcom/example/Spin;::spin <- JavaMain <- main [pid=100, comm=java]", List.of(2L, 2 * period),
                "GC \"young\" \\ \u00e9t\u00e9 <- JavaMain <- main [pid=100, comm=java]", List.of(1L, period),
                "ksys_read <- entry_SYSCALL_64 <- read <- ExecScan <- main [pid=200, comm=postgres]", List.of(2L, 2 * period),
                "default_idle <- cpu_startup_entry [pid=0, comm=swapper]", List.of(1L, period)), byStack);
    }

    @Test
    void functionsAreNamePlusModuleAndMappingsAreModules() throws IOException {
        PprofProfile p = export(Map.of());
        assertEquals(PprofProfile.set(List.of("/usr/bin/java", "/usr/lib/libjvm.so", "/tmp/perf-100.map",
                "/usr/bin/postgres", "/usr/lib/libc.so.6", "[kernel.kallsyms]")), PprofProfile.set(List.copyOf(p.mappingFiles.values())));
        // "main" in java and in postgres: two functions, one name in the string table
        assertEquals(11, p.profile.messages(5).size());
        assertEquals(1, p.strings.stream().filter("main"::equals).count());
        // a mapping spans the addresses seen in it (memory_limit exclusive)
        for (ProtoReader m : p.profile.messages(3)) {
            assertTrue(Long.compareUnsigned(m.scalar(2), m.scalar(3)) < 0, "memory_start < memory_limit");
        }
    }

    @Test
    void filtersAreTheBoundVariables() throws IOException {
        PprofProfile p = export(Map.of("pid", 100, "from_ns", SampleFixtures.T0 + 100 * SampleFixtures.MS));
        assertEquals(2, p.samples.stream().mapToLong(s -> s.values().get(0)).sum());
        assertTrue(p.samples.stream().allMatch(s -> s.labels().contains("pid=100")));
    }

    @Test
    void anEmptySelectionIsStillAValidProfile() throws IOException {
        PprofProfile p = export(Map.of("comm", "nosuchcommand"));
        assertEquals(0, p.samples.size());
        assertEquals(List.of("samples/count", "cpu/nanoseconds"), p.sampleTypes());
        assertEquals("samples", p.str(p.profile.scalar(14)), "nothing has CPU time: count samples");
    }

    @Test
    void samplesWithoutCpuTimeMakeTheCountTheDefault() throws IOException {
        SampleFixtures.write(dir, "r2", List.of(SampleFixtures.sample(0, 7, 7, "perf", 0, "/usr/bin/perf:main")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Dataset ds = Dataset.open(dir)) {
            Pprof.write(ds, List.of(), out);
        }
        PprofProfile p = new PprofProfile(out.toByteArray());
        assertEquals(List.of(1L, 0L), p.samples.get(0).values());
        assertEquals(0, p.profile.scalar(12), "no period");
        assertEquals("samples", p.str(p.profile.scalar(14)));
    }
}
