package sonde.recorder.symbols;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.host.KernelFiles;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.Spinner;
import sonde.recorder.testing.Workloads;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compact tables answer as a String per symbol did: checked against what readelf and the
 * text of /proc/kallsyms say, with the lookup rules written out again plainly (a map from start
 * to the biggest, then first, function there; size 0 reaching to the next start or 64 KiB).
 */
class CompactTablesTest {
    @TempDir
    Path tmp;

    @Test
    void elfTablesOfLibcLibjvmAndABuiltProgramAnswerAsReadelfDoes() throws Exception {
        Privileged.requireTool("readelf", "binutils");
        Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
        Path libc = Path.of(Workloads.run(List.of("gcc", "-print-file-name=libc.so.6")).output().trim());
        for (Path file : List.of(libc.toRealPath(), libjvm, Spinner.build(tmp))) {
            TreeMap<Long, Reference> expected = readelf(file);
            ElfSymbols elf = ElfSymbols.read(file);
            assertEquals(expected.size(), elf.size(), file + ": one function per start");
            long nameBytes = 0;
            for (Map.Entry<Long, Reference> e : expected.entrySet()) {
                long start = e.getKey();
                long end = e.getValue().end(expected);
                for (long at : new long[] {start - 1, start, start + 1, end - 1, end}) {
                    assertEquals(lookup(expected, at), elf.lookupAddress(at), file + " at " + Long.toHexString(at));
                }
                nameBytes += e.getValue().name.getBytes(StandardCharsets.UTF_8).length + 1;
            }
            assertTrue(elf.bytes() <= 20L * elf.size() + nameBytes + 256,
                    file + ": 20 bytes per function and its name's, " + elf.bytes() + " bytes");
        }
    }

    @Test
    void aTableThatWouldOutgrowItsBytesIsNotKept() {
        Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
        ElfSymbols whole = ElfSymbols.read(libjvm);
        assertNull(ElfSymbols.read(libjvm, whole.bytes() / 2), "over budget");
        assertNull(ElfSymbols.read(libjvm, 20L * whole.size()), "the names do not fit");
        assertNotNull(ElfSymbols.read(libjvm, whole.bytes()));
    }

    @Test
    void kallsymsAnswersAsItsTextDoes() throws Exception {
        String text = KernelFiles.read(Path.of("/proc/kallsyms"));
        TreeMap<Long, Reference> names = new TreeMap<>();
        TreeMap<Long, Reference> modules = new TreeMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.split("[ \t]+");
            long addr = Long.parseUnsignedLong(f[0], 16);
            if (addr != 0 && (f[1].equalsIgnoreCase("t") || f[1].equalsIgnoreCase("w"))) {
                names.putIfAbsent(addr, new Reference(addr, 0, f[2]));
                if (f.length > 3) {
                    modules.putIfAbsent(addr, new Reference(addr, 0, f[3]));
                }
            }
        }
        Kallsyms k = Kallsyms.load();
        assertEquals(names.size(), k.size());
        int checked = 0;
        for (long start : names.keySet()) {
            for (long at : new long[] {start, start + 1, start - 1}) {
                String name = lookup(names, at);
                String module = lookup(modules, at);
                Symbol expected = new Symbol(name == null ? Symbol.UNKNOWN : name,
                        module != null && module.startsWith("[") ? module : "[kernel.kallsyms]", "kernel");
                assertEquals(expected, k.resolve(at), Long.toHexString(at));
                checked++;
            }
        }
        assertTrue(names.isEmpty() || checked > 10_000, "kallsyms checked at " + checked + " addresses");
        assertTrue(k.bytes() < 64L * Math.max(k.size(), 1), "compact: " + k.bytes() + " bytes for " + k.size());
    }

    @Test
    void kallsymsSkipsLinesLongerThanItsBufferAndReadsALastLineWithoutNewline() throws Exception {
        String longName = "x".repeat(70_000);
        Path f = Files.writeString(tmp.resolve("kallsyms"), "ffffffff81000000 T first\n"
                + "ffffffff81001000 t " + longName + "\n"
                + "ffffffff81002000 T after_long\n"
                + "ffffffff81003000 D data\n"
                + "ffffffff81004000 t in_module\t[ext4]\n"
                + "0000000000000000 T hidden\n"
                + "ffffffff81005000 W last");
        Kallsyms k = Kallsyms.load(f);
        assertEquals("first", k.resolve(0xffffffff81001000L).name(), "the long line is not a symbol");
        assertEquals("after_long", k.resolve(0xffffffff81003fffL).name());
        assertEquals(new Symbol("in_module", "[ext4]", "kernel"), k.resolve(0xffffffff81004001L));
        assertEquals("last", k.resolve(0xffffffff81005010L).name());
        assertEquals(4, k.size());
    }

    /** One function as readelf lists it. */
    private record Reference(long start, long size, String name) {
        long end(TreeMap<Long, Reference> all) {
            Long next = all.higherKey(start);
            return size > 0 ? start + size : next != null ? next : start + 65_536;
        }
    }

    private static String lookup(TreeMap<Long, Reference> table, long at) {
        Map.Entry<Long, Reference> e = table.floorEntry(at);
        return e == null || at >= e.getValue().end(table) ? null : e.getValue().name;
    }

    /**
     * The functions sonde reads, from readelf: .symtab if it has any, else the debug file's, else
     * .dynsym; defined, non-zero; of equal starts the biggest, then the first listed.
     */
    private static TreeMap<Long, Reference> readelf(Path file) throws Exception {
        TreeMap<Long, Reference> symtab = functions(file, ".symtab");
        if (!symtab.isEmpty()) {
            return symtab;
        }
        String notes = Workloads.run(List.of("readelf", "-n", file.toString())).output();
        for (String line : notes.split("\n")) {
            if (line.trim().startsWith("Build ID: ")) {
                String id = line.trim().substring("Build ID: ".length());
                Path debug = Path.of("/usr/lib/debug/.build-id", id.substring(0, 2), id.substring(2) + ".debug");
                if (Files.isRegularFile(debug) && !(symtab = functions(debug, ".symtab")).isEmpty()) {
                    return symtab;
                }
                break;
            }
        }
        return functions(file, ".dynsym");
    }

    private static TreeMap<Long, Reference> functions(Path file, String table) throws Exception {
        String out = Workloads.run(List.of("readelf", "-sW", file.toString())).output();
        List<Reference> listed = new ArrayList<>();
        boolean in = false;
        for (String line : out.split("\n")) {
            if (line.startsWith("Symbol table ")) {
                in = line.startsWith("Symbol table '" + table + "'");
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (!in || f.length < 7 || !f[0].endsWith(":") || !(f[3].equals("FUNC") || f[3].equals("IFUNC"))
                    || f[6].equals("UND")) {
                continue;
            }
            long value = Long.parseUnsignedLong(f[1], 16);
            long size = f[2].startsWith("0x") ? Long.parseLong(f[2].substring(2), 16) : Long.parseLong(f[2]);
            String name = f.length < 8 ? "" : f[7];
            if (table.equals(".dynsym") && name.contains("@")) {
                name = name.substring(0, name.indexOf('@')); // readelf adds the version (a .symtab name may hold one)
            }
            if (value != 0) {
                listed.add(new Reference(value, size, name));
            }
        }
        TreeMap<Long, Reference> byStart = new TreeMap<>();
        for (Reference r : listed) {
            Reference had = byStart.get(r.start);
            if (had == null || r.size > had.size) {
                byStart.put(r.start, r);
            }
        }
        return byStart;
    }
}
