package sonde.recorder.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.symbols.Kallsyms;
import sonde.recorder.symbols.Symbol;
import sonde.recorder.symbols.SymbolBudgets;
import sonde.recorder.symbols.Symbolizer;
import sonde.recorder.testing.Spinner;
import sonde.recorder.testing.Workloads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Callchains → frames, each distinct stack symbolized once and named as a lookup per frame names it. */
class StackBuilderTest {
    private static final long KERNEL = -128L;
    private static final long USER = -512L;
    private static final long BASE = 0x7f0000000000L;
    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;

    private Symbolizer symbolizer(long elfBytes) throws Exception {
        Path kallsyms = Files.writeString(tmp.resolve("kallsyms"), """
                ffffffff81000000 T default_idle
                ffffffff81000100 T do_idle
                ffffffff81000200 T cpu_startup_entry
                ffffffff81000300 T asm_sysvec_apic_timer_interrupt
                """);
        return new Symbolizer(tmp.resolve("proc"), tmp, Kallsyms.load(kallsyms),
                new SymbolBudgets(elfBytes, MIB, MIB, MIB, MIB, MIB));
    }

    /** What the frames of a chain are, looked up one by one (return addresses one byte back), root first. */
    private static List<StackFrame> expected(Symbolizer s, int pid, long... chain) {
        List<StackFrame> out = new ArrayList<>();
        boolean kernel = chain[0] < 0;
        boolean first = true;
        for (long ip : chain) {
            if (ip == KERNEL || ip == USER) {
                kernel = ip == KERNEL;
                first = true;
                continue;
            }
            long at = first ? ip : ip - 1;
            Symbol sym = kernel ? s.kernel(at) : s.user(pid, at);
            out.add(new StackFrame(sym.name(), sym.module(), sym.kind(), ip));
            first = false;
        }
        Collections.reverse(out);
        return out;
    }

    @Test
    void idleStacksAreSymbolizedOnceAndTheirFramesShared() throws Exception {
        Symbolizer s = symbolizer(MIB);
        StackBuilder stacks = new StackBuilder(s);
        long[] chain = {KERNEL, 0xffffffff81000010L, 0xffffffff81000110L, 0xffffffff81000210L};
        List<StackFrame> first = stacks.frames(0, chain);
        assertEquals(expected(s, 0, chain), first);
        assertEquals("cpu_startup_entry", first.get(0).name(), "root first");
        for (int i = 0; i < 1000; i++) {
            assertSame(first, stacks.frames(i % 2 == 0 ? 0 : 4242, chain.clone()), "kernel-only: any process");
        }
        assertEquals(1, stacks.stacksSymbolized());
        assertEquals(3, stacks.framesSymbolized());
        assertThrows(UnsupportedOperationException.class, () -> first.set(0, first.get(1)), "immutable");
    }

    @Test
    void aUserStackIsSymbolizedAgainOnlyWhenItsProcessMapsSomethingNew() throws Exception {
        Path bin = Spinner.build(tmp);
        String nm = Workloads.run(List.of("nm", bin.toString())).output();
        long spin = address(nm, "spin_here");
        long main = address(nm, "main");
        Symbolizer s = symbolizer(MIB);
        StackBuilder stacks = new StackBuilder(s);
        s.mmap(42, BASE, 1 << 20, 0, bin.toString());
        long[] chain = {KERNEL, 0xffffffff81000310L, USER, BASE + spin + 8, BASE + main + 20, 0x1234};
        List<StackFrame> frames = stacks.frames(42, chain);
        assertEquals(expected(s, 42, chain), frames);
        assertEquals(List.of("[unknown]", "main", "spin_here", "asm_sysvec_apic_timer_interrupt"),
                frames.stream().map(StackFrame::name).toList());
        assertSame(frames, stacks.frames(42, chain.clone()));
        assertEquals(2, stacks.unknownFrames(), "[unknown] counted per sample");
        s.mmap(42, BASE + (1 << 30), 4096, 0, bin.toString());
        List<StackFrame> again = stacks.frames(42, chain);
        assertNotSame(frames, again);
        assertEquals(frames, again);
        assertEquals(2, stacks.stacksSymbolized());
    }

    @Test
    void framesOverBudgetAreNotCached() throws Exception {
        Path bin = Spinner.build(tmp);
        long spin = address(Workloads.run(List.of("nm", bin.toString())).output(), "spin_here");
        Symbolizer s = symbolizer(256); // no table fits
        StackBuilder stacks = new StackBuilder(s);
        s.mmap(42, BASE, 1 << 20, 0, bin.toString());
        long[] chain = {USER, BASE + spin + 8};
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(new StackFrame("[unknown]", bin.toString(), "user", BASE + spin + 8)), stacks.frames(42, chain));
        }
        assertEquals(3, stacks.stacksSymbolized(), "looked up again each time: the table may come back");
        assertEquals(3, s.unresolvedOverBudget());
    }

    @Test
    void aCachedStackInJitCodeIsNamedOnceTheJitMapNamesIt() throws Exception {
        Symbolizer s = symbolizer(MIB);
        StackBuilder stacks = new StackBuilder(s);
        s.mmap(77, BASE, 1 << 20, 0, "//anon");
        long[] chain = {USER, BASE + 0x40};
        assertEquals("[unknown]", stacks.frames(77, chain).get(0).name());
        Files.writeString(tmp.resolve("perf-77.map"), Long.toHexString(BASE) + " 100 LHot;::loop\n");
        long deadline = System.nanoTime() + 5_000_000_000L;
        StackFrame leaf;
        do {
            Thread.sleep(20);
            leaf = stacks.frames(77, chain).get(0);
        } while (leaf.name().equals("[unknown]") && System.nanoTime() < deadline);
        assertEquals(new StackFrame("LHot:::loop", "[jit]", "jit", BASE + 0x40), leaf, "; written as :");
    }

    @Test
    void namesNeverHoldTheFoldedStackSeparator() {
        assertEquals("operator:", StackBuilder.foldable("operator;"));
    }

    private static long address(String nm, String symbol) {
        return nm.lines().filter(l -> l.endsWith(" " + symbol)).map(l -> Long.parseLong(l.split(" ")[0], 16))
                .findFirst().orElseThrow();
    }
}
