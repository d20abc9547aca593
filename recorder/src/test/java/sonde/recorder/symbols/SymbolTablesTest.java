package sonde.recorder.symbols;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.Spinner;
import sonde.recorder.testing.Workloads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
        Path bin = Spinner.build(tmp);
        ElfSymbols elf = ElfSymbols.read(bin);
        assertTrue(elf.size() > 2, "functions in .symtab");
        String nm = Workloads.run(List.of("nm", bin.toString())).output();
        long addr = nm.lines().filter(l -> l.endsWith(" spin_here")).map(l -> Long.parseLong(l.split(" ")[0], 16))
                .findFirst().orElseThrow();
        // a PIE's first PT_LOAD maps file offset 0 at address 0: offsets equal addresses
        assertEquals("spin_here", elf.lookupFileOffset(addr + 4));
        assertEquals(ElfSymbols.EMPTY, ElfSymbols.read(Files.writeString(tmp.resolve("x"), "not elf")));
    }

    @Test
    void userFramesOfCxxFunctionsAreDemangledOnce() throws Exception {
        Privileged.requireTool("gcc");
        // a C function under a C++ name (an asm label): no C++ compiler needed
        Path src = Files.writeString(tmp.resolve("cxx.c"), """
                __attribute__((noinline)) int spin(int x) __asm__("_ZN5sonde4test4spinEi");
                __attribute__((noinline)) int spin(int x) { return x * 3 + 1; }
                int main(int argc, char **argv) { return spin(argc); }
                """);
        Path bin = tmp.resolve("cxx");
        Workloads.run(List.of("gcc", "-O1", "-o", bin.toString(), src.toString()));
        String nm = Workloads.run(List.of("nm", bin.toString())).output();
        long spin = address(nm, "_ZN5sonde4test4spinEi");
        long main = address(nm, "main");

        Symbolizer symbols = new Symbolizer(tmp.resolve("proc"), Kallsyms.load(tmp.resolve("no-kallsyms")));
        long base = 0x7f0000000000L; // a PIE: file offsets equal addresses in its text
        symbols.mmap(42, base, 1 << 20, 0, bin.toString());
        Symbol s = symbols.user(42, base + spin + 1);
        assertEquals(new Symbol("sonde::test::spin", bin.toString(), "user"), s);
        assertSame(s.name(), symbols.user(42, base + spin + 2).name(), "demangled once");
        assertEquals("main", symbols.user(42, base + main + 1).name());
    }

    private static long address(String nm, String symbol) {
        return nm.lines().filter(l -> l.endsWith(" " + symbol)).map(l -> Long.parseLong(l.split(" ")[0], 16))
                .findFirst().orElseThrow();
    }
}
