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
            for (String line : KernelFiles.read(path).split("\n")) {
                // ffffffff81000000 T _stext   or   ffffffffc0a00000 t ext4_foo	[ext4]
                String[] f = line.split("\\s+");
                if (f.length < 3) {
                    continue;
                }
                char type = Character.toLowerCase(f[1].charAt(0));
                if (type != 't' && type != 'w') {
                    continue; // text symbols only
                }
                long addr = Long.parseUnsignedLong(f[0], 16);
                if (addr == 0) {
                    continue;
                }
                syms.add(new SortedSymbols.Entry(addr, 0, f[2]));
                if (f.length >= 4) {
                    mods.add(new SortedSymbols.Entry(addr, 0, f[3]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no kernel symbols: frames stay [unknown]
        }
        return new Kallsyms(new SortedSymbols(syms), new SortedSymbols(mods));
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
