package sonde.recorder.symbols;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JIT addresses left [unknown] because the process's perf map did not cover them yet are named
 * once it does: as the map grows, when the process exits (a JVM's -XX:+DumpPerfMapAtExit), when
 * the map is written anew (jcmd Compiler.perfmap), and at the end.
 */
class LateJitNamesTest {
    private static final long BASE = 0x7f0000000000L;
    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;

    private record Named(int pid, long address, String name) {
    }

    private final List<Named> named = new ArrayList<>();

    private Symbolizer symbolizer() throws Exception {
        Path kallsyms = Files.writeString(tmp.resolve("kallsyms"), "ffffffff81000000 T default_idle\n");
        Symbolizer s = new Symbolizer(tmp.resolve("proc"), tmp, Kallsyms.load(kallsyms),
                new SymbolBudgets(MIB, MIB, MIB, MIB, MIB, MIB));
        s.onLateNames((pid, address, name) -> named.add(new Named(pid, address, name)));
        return s;
    }

    private Path map(int pid, String lines) throws Exception {
        return Files.writeString(tmp.resolve("perf-" + pid + ".map"), lines);
    }

    @Test
    void aMapWrittenAtExitNamesWhatWasSampledBefore() throws Exception {
        Symbolizer s = symbolizer();
        s.mmap(41, BASE, MIB, 0, "//anon");
        assertEquals(Symbol.UNKNOWN, s.user(41, BASE + 0x10).name());
        assertEquals(Symbol.UNKNOWN, s.user(41, BASE + 0x210).name());
        assertEquals(Symbol.UNKNOWN, s.user(41, BASE + 0x10).name(), "the same address: remembered once");
        map(41, "0x00007f0000000000 0x100 void Busy.spin()\n0x00007f0000000200 0x20 Interpreter\n");
        s.exit(41); // at once, whatever the time since the map was last looked at
        assertEquals(List.of(new Named(41, BASE + 0x10, "void Busy.spin()"), new Named(41, BASE + 0x210, "Interpreter")),
                named.stream().sorted(java.util.Comparator.comparingLong(Named::address)).toList());
        assertEquals(0L, Symbolizer.counters(s).get("cpu_sample.jit_addresses_never_named"));
        assertEquals(2L, Symbolizer.counters(s).get("cpu_sample.jit_addresses_named_later"));
    }

    @Test
    void aMapThatGrowsWhileItsProcessIsNotSampledNamesItsAddresses() throws Exception {
        Symbolizer s = symbolizer();
        s.mmap(42, BASE, MIB, 0, "//anon");
        s.user(42, BASE + 0x10);
        s.nameLater(System.nanoTime());
        assertTrue(named.isEmpty(), "no map yet");
        map(42, Long.toHexString(BASE) + " 100 LBusy;::spin\n");
        s.nameLater(System.nanoTime() + PerfMap.RECHECK_NS);
        assertEquals(List.of(new Named(42, BASE + 0x10, "LBusy;::spin")), named);
        s.nameAllNow();
        assertEquals(1, named.size(), "named once");
    }

    @Test
    void aMapWrittenAnewIsReadFromItsStart() throws Exception {
        Symbolizer s = symbolizer();
        s.mmap(43, BASE, MIB, 0, "//anon");
        map(43, Long.toHexString(BASE) + " 10 first\n");
        assertEquals("first", s.user(43, BASE + 1).name());
        assertEquals(Symbol.UNKNOWN, s.user(43, BASE + 0x500).name());
        // jcmd Compiler.perfmap writes the whole code cache again, longer, with other code at the same place
        map(43, Long.toHexString(BASE) + " 10 recompiled\n" + Long.toHexString(BASE + 0x500) + " 10 later\n");
        s.nameAllNow();
        assertEquals(List.of(new Named(43, BASE + 0x500, "later")), named);
    }

    @Test
    void addressesNeverNamedAreCountedAndForgottenWhenTheProcessExits() throws Exception {
        Symbolizer s = symbolizer();
        s.mmap(44, BASE, MIB, 0, "//anon");
        s.user(44, BASE + 0x10);
        s.user(44, BASE + 0x20);
        s.exit(44);
        assertTrue(named.isEmpty());
        assertEquals(2L, Symbolizer.counters(s).get("cpu_sample.jit_addresses_never_named"));
        assertTrue(s.waitingForNames().isEmpty());
    }

    @Test
    void aProcessKeepsAtMostItsShareOfAddresses() {
        UnnamedJit u = new UnnamedJit();
        for (long a = 1; a <= UnnamedJit.MAX_PER_PROCESS + 10; a++) {
            u.add(7, a * 16);
        }
        assertEquals(UnnamedJit.MAX_PER_PROCESS, u.count(7));
        assertEquals(10, u.notKept());
        assertTrue(u.add(8, 16), "another process still has room");
        assertTrue(u.bytes() < 2 * MIB, u.bytes() + " bytes");
    }
}
