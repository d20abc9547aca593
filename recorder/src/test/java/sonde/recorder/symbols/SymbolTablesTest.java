package sonde.recorder.symbols;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.testing.Spinner;
import sonde.recorder.testing.Workloads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SymbolTablesTest {
    @TempDir
    Path tmp;

    @Test
    void sizedAndUnsizedSymbolsCoverTheirRanges() {
        SortedSymbols s = new SortedSymbols(List.of(new SortedSymbols.Entry(0x1000, 0x10, "a"),
                new SortedSymbols.Entry(0x1000, 0, "a_alias"), new SortedSymbols.Entry(0x2000, 0, "b"),
                new SortedSymbols.Entry(0x3000, 0x100, "c")));
        assertEquals("a", s.lookup(0x1000));
        assertEquals("a", s.lookup(0x100f));
        assertNull(s.lookup(0x1010), "past a's size");
        assertEquals("b", s.lookup(0x2fff), "size 0: up to the next symbol");
        assertEquals("c", s.lookup(0x3050));
        assertNull(s.lookup(0x3100));
        assertNull(s.lookup(0xfff));
    }

    @Test
    void kallsymsTextSymbolsWithModules() throws Exception {
        Path f = Files.writeString(tmp.resolve("kallsyms"), """
                ffffffff81000000 T _stext
                ffffffff81001000 t do_one
                ffffffff81002000 D some_data
                ffffffff81003000 T do_two
                ffffffffc0a00000 t ext4_thing\t[ext4]
                """);
        Kallsyms k = Kallsyms.load(f);
        assertEquals(new Symbol("do_one", "[kernel.kallsyms]", "kernel"), k.resolve(0xffffffff81001234L));
        assertEquals("do_one", k.resolve(0xffffffff81002100L).name(), "data symbols do not cut functions");
        assertEquals(new Symbol("ext4_thing", "[ext4]", "kernel"), k.resolve(0xffffffffc0a00010L));
    }

    @Test
    void perfMapNamesJitCode() throws Exception {
        Path f = Files.writeString(tmp.resolve("perf-1.map"), """
                7f0000001000 40 LHello;::spin
                0x7f0000002000 0x20 Interpreter
                """);
        PerfMap m = new PerfMap(f);
        assertEquals("LHello;::spin", m.lookup(0x7f000000103fL));
        assertNull(m.lookup(0x7f0000001040L));
        assertEquals("Interpreter", m.lookup(0x7f0000002000L));
    }

    @Test
    void elfSymbolsOfABuiltProgramByFileOffset() throws Exception {
        Path bin = Spinner.build();
        ElfSymbols elf = ElfSymbols.read(bin);
        assertTrue(elf.size() > 2, "functions in .symtab");
        String nm = Workloads.run(List.of("nm", bin.toString())).output();
        long addr = nm.lines().filter(l -> l.endsWith(" spin_here")).map(l -> Long.parseLong(l.split(" ")[0], 16))
                .findFirst().orElseThrow();
        // a PIE's first PT_LOAD maps file offset 0 at address 0: offsets equal addresses
        assertEquals("spin_here", elf.lookupFileOffset(addr + 4));
        assertEquals(ElfSymbols.EMPTY, ElfSymbols.read(Files.writeString(tmp.resolve("x"), "not elf")));
    }
}
