package sonde.recorder.symbols;

import sonde.recorder.host.KernelFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kernel symbols from /proc/kallsyms (addresses are real only with privileges; all zero means
 * they are hidden and nothing resolves). Module symbols carry their module: [ext4].
 */
public final class Kallsyms {
    private final SortedSymbols symbols;
    private final SortedSymbols modules;

    private Kallsyms(SortedSymbols symbols, SortedSymbols modules) {
        this.symbols = symbols;
        this.modules = modules;
    }

    public static Kallsyms load() {
        return load(Path.of("/proc/kallsyms"));
    }

    static Kallsyms load(Path path) {
        List<SortedSymbols.Entry> syms = new ArrayList<>();
        List<SortedSymbols.Entry> mods = new ArrayList<>();
        try {
            String text = KernelFiles.read(path);
            int at = 0;
            while (at < text.length()) {
                // ffffffff81000000 T _stext   or   ffffffffc0a00000 t ext4_foo	[ext4]
                int end = text.indexOf('\n', at);
                end = end < 0 ? text.length() : end;
                int sp1 = text.indexOf(' ', at);
                int sp2 = sp1 < 0 || sp1 + 2 >= end ? -1 : sp1 + 2;
                if (sp2 >= 0 && text.charAt(sp2) == ' ') {
                    char type = Character.toLowerCase(text.charAt(sp1 + 1));
                    long addr = type == 't' || type == 'w' ? hex(text, at, sp1) : 0;
                    if (addr != 0) { // text symbols only; 0: hidden
                        int nameEnd = sp2 + 1;
                        while (nameEnd < end && text.charAt(nameEnd) != '\t') {
                            nameEnd++;
                        }
                        syms.add(new SortedSymbols.Entry(addr, 0, text.substring(sp2 + 1, nameEnd)));
                        if (nameEnd < end) {
                            mods.add(new SortedSymbols.Entry(addr, 0, text.substring(nameEnd + 1, end).trim()));
                        }
                    }
                }
                at = end + 1;
            }
        } catch (IOException | RuntimeException e) {
            // no kernel symbols: frames stay [unknown]
        }
        return new Kallsyms(new SortedSymbols(syms), new SortedSymbols(mods));
    }

    /** The hex number in text[from, to), or 0 when it is not one. */
    private static long hex(String text, int from, int to) {
        try {
            return Long.parseUnsignedLong(text, from, to, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public Symbol resolve(long address) {
        String name = symbols.lookup(address);
        if (name == null) {
            return Symbol.unknown("[kernel.kallsyms]", "kernel");
        }
        String module = modules.lookup(address);
        return new Symbol(name, module != null && module.startsWith("[") ? module : "[kernel.kallsyms]", "kernel");
    }

    public int size() {
        return symbols.size();
    }
}
