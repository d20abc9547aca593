package sonde.recorder.symbols;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.testing.Spinner;
import sonde.recorder.testing.Workloads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Under tiny budgets the symbolizer evicts, counts, and leaves frames [unknown] in their module;
 * it never throws. Tables are shared by file identity, not path.
 */
class SymbolizerBudgetTest {
    private static final long BASE = 0x7f0000000000L;
    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;

    private Symbolizer symbolizer(long elfBytes, long jitBytes) {
        return new Symbolizer(tmp.resolve("proc"), tmp, Kallsyms.load(tmp.resolve("no-kallsyms")),
                new SymbolBudgets(elfBytes, jitBytes, MIB, MIB, MIB, MIB));
    }

    /** A copy of the spinner (a distinct file) and the address of spin_here in it, as mapped at BASE. */
    private record Program(Path file, long spin) {
    }

    private Program program(String name) throws Exception {
        Path bin = Spinner.build(tmp);
        Path copy = Files.copy(bin, tmp.resolve(name));
        String nm = Workloads.run(List.of("nm", copy.toString())).output();
        long spin = nm.lines().filter(l -> l.endsWith(" spin_here")).map(l -> Long.parseLong(l.split(" ")[0], 16))
                .findFirst().orElseThrow();
        return new Program(copy, BASE + spin + 1); // a PIE: file offsets equal addresses in its text
    }

    private static long counter(Symbolizer s, String name) {
        return Symbolizer.counters(s).get("cpu_sample." + name);
    }

    @Test
    void aTableEvictedForRoomIsCountedAndItsFramesKeepTheirModule() throws Exception {
        Program a = program("a");
        Program b = program("b");
        long table = ElfSymbols.read(a.file()).bytes() + ByteLru.ENTRY_BYTES;
        Symbolizer s = symbolizer(table * 3 / 2, MIB); // room for one
        s.mmap(1, BASE, 1 << 20, 0, a.file().toString());
        s.mmap(2, BASE, 1 << 20, 0, b.file().toString());
        assertEquals("spin_here", s.user(1, a.spin()).name());
        assertEquals("spin_here", s.user(2, b.spin()).name());
        assertEquals(1, counter(s, "symbol_tables_evicted"));
        Symbol again = s.user(1, a.spin());
        assertEquals(Symbol.unknown(a.file().toString(), "user"), again, "not read again so soon");
        assertEquals(1, counter(s, "frames_unresolved_over_budget"));
        assertEquals(2, s.tablesRead());
    }

    @Test
    void aTableLargerThanItsBudgetIsNeverKeptNorReadAgainAtOnce() throws Exception {
        Program a = program("a");
        Symbolizer s = symbolizer(ElfSymbols.read(a.file()).bytes() / 2, MIB);
        s.mmap(1, BASE, 1 << 20, 0, a.file().toString());
        for (int i = 0; i < 3; i++) {
            assertEquals(Symbol.unknown(a.file().toString(), "user"), s.user(1, a.spin()));
        }
        assertEquals(1, s.tablesRead());
        assertEquals(1, counter(s, "symbol_tables_evicted"));
        assertEquals(3, counter(s, "frames_unresolved_over_budget"));
    }

    @Test
    void processesMappingOneFileShareItsTableAndAReplacedFileGetsItsOwn() throws Exception {
        Program a = program("a");
        Symbolizer s = symbolizer(MIB, MIB);
        s.mmap(1, BASE, 1 << 20, 0, a.file().toString());
        s.mmap(2, BASE + (1 << 30), 1 << 20, 0, a.file().toString());
        assertEquals("spin_here", s.user(1, a.spin()).name());
        assertEquals("spin_here", s.user(2, a.spin() + (1 << 30)).name());
        assertEquals(1, s.tablesRead(), "one file, one table");
        Path moved = tmp.resolve("moved");
        Files.move(a.file(), moved);
        Files.copy(moved, a.file()); // a new file under the old path: another inode
        s.mmap(3, BASE, 1 << 20, 0, a.file().toString());
        assertEquals("spin_here", s.user(3, a.spin()).name());
        assertEquals(2, s.tablesRead());
    }

    @Test
    void jitMapsOverTheirBudgetAreEvictedAndCounted() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            lines.append(Long.toHexString(BASE + 16L * i)).append(" 10 LBig;::method_").append(i).append('\n');
        }
        for (int pid : new int[] {11, 12}) {
            Files.writeString(tmp.resolve("perf-" + pid + ".map"), lines);
        }
        Symbolizer s = symbolizer(MIB, 100_000); // about one map
        for (int pid : new int[] {11, 12}) {
            s.mmap(pid, BASE, 1 << 20, 0, "//anon");
            assertEquals(new Symbol("LBig;::method_5", "[jit]", "jit"), s.user(pid, BASE + 16 * 5 + 3));
        }
        assertEquals(1, counter(s, "jit_maps_evicted"));
        assertEquals(Symbol.unknown("//anon", "user"), s.user(11, BASE + 16 * 6));
        assertEquals(1, counter(s, "frames_unresolved_over_budget"));
    }

    @Test
    void versionsChangeWithMappingsExecAndExitAndNeverRepeat() throws Exception {
        Program a = program("a");
        Symbolizer s = symbolizer(MIB, MIB);
        long v1 = s.version(7);
        assertEquals(v1, s.version(7));
        s.mmap(7, BASE, 1 << 20, 0, a.file().toString());
        long v2 = s.version(7);
        s.exec(7);
        long v3 = s.version(7);
        s.exit(7);
        long v4 = s.version(7);
        assertEquals(4, java.util.stream.LongStream.of(v1, v2, v3, v4).distinct().count());
        assertNotEquals(0, v1);
        assertEquals(Symbol.unknown("[unknown]", "user"), s.user(7, a.spin()), "its mappings went with it");
    }

    @Test
    void countersAreNamedAndZeroForASymbolizerThatNeverRan() {
        Map<String, Long> c = Symbolizer.counters(null);
        assertEquals(List.of("cpu_sample.symbol_tables_evicted", "cpu_sample.jit_maps_evicted",
                "cpu_sample.process_maps_evicted", "cpu_sample.frames_unresolved_over_budget",
                "cpu_sample.jit_addresses_named_later", "cpu_sample.jit_addresses_never_named",
                "cpu_sample.jit_addresses_not_kept"), List.copyOf(c.keySet()));
        assertTrue(c.values().stream().allMatch(v -> v == 0));
    }
}
