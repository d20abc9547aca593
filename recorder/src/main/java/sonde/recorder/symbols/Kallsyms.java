package sonde.recorder.symbols;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Kernel symbols from /proc/kallsyms (addresses are real only with privileges; all zero means
 * they are hidden and nothing resolves). Module symbols carry their module: [ext4]. Parsed from
 * bytes into one compact table, the module kept after a tab in the name, so 120k symbols cost
 * a few MiB and no String until one is resolved.
 */
public final class Kallsyms {
    /** Longer lines (none in practice: names are cut at 512 bytes by the kernel) are skipped. */
    private static final int CHUNK = 1 << 16;
    private static final String KERNEL = "[kernel.kallsyms]";

    private final SortedSymbols symbols;

    private Kallsyms(SortedSymbols symbols) {
        this.symbols = symbols;
    }

    public static Kallsyms load() {
        return load(Path.of("/proc/kallsyms"));
    }

    /** Kernel symbols from a file in /proc/kallsyms's format. */
    public static Kallsyms load(Path path) {
        SymbolsBuilder b = new SymbolsBuilder();
        // a pseudo-file of size 0: read in chunks until end of file (KernelFiles says why)
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buf = new byte[CHUNK];
            int have = 0;
            boolean eof = false;
            boolean skipping = false; // the rest of a line longer than the buffer
            while (!eof) {
                int n = in.read(buf, have, buf.length - have);
                eof = n < 0;
                have += Math.max(n, 0);
                int at = 0;
                for (int nl; (nl = indexOf(buf, (byte) '\n', at, have)) >= 0; at = nl + 1) {
                    if (!skipping) {
                        line(buf, at, nl, b);
                    }
                    skipping = false;
                }
                if (eof && at < have && !skipping) {
                    line(buf, at, have, b);
                } else if (at == 0 && have == buf.length) {
                    at = have;
                    skipping = true;
                }
                System.arraycopy(buf, at, buf, 0, have - at);
                have -= at;
            }
        } catch (IOException | RuntimeException e) {
            // no kernel symbols: frames stay [unknown]
        }
        return new Kallsyms(b.build());
    }

    /** ffffffff81000000 T _stext   or   ffffffffc0a00000 t ext4_foo\t[ext4] */
    private static void line(byte[] buf, int at, int end, SymbolsBuilder b) {
        int sp1 = indexOf(buf, (byte) ' ', at, end);
        if (sp1 < 0 || sp1 + 2 >= end || buf[sp1 + 2] != ' ') {
            return;
        }
        int type = buf[sp1 + 1] | 0x20; // lower case
        long addr = type == 't' || type == 'w' ? hex(buf, at, sp1) : 0;
        if (addr == 0) { // text symbols only; 0: hidden
            return;
        }
        int nameEnd = end;
        while (nameEnd > sp1 + 3 && buf[nameEnd - 1] <= ' ') {
            nameEnd--; // the module's text is trimmed
        }
        b.add(addr, 0, buf, sp1 + 3, nameEnd - (sp1 + 3));
    }

    private static int indexOf(byte[] buf, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** The hex number in buf[from, to), or 0 when it is not one. */
    private static long hex(byte[] buf, int from, int to) {
        if (to - from > 16 || to == from) {
            return 0;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int c = buf[i];
            int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
            if (d < 0) {
                return 0;
            }
            v = v << 4 | d;
        }
        return v;
    }

    public Symbol resolve(long address) {
        int i = symbols.find(address);
        if (i < 0) {
            return Symbol.unknown(KERNEL, "kernel");
        }
        String name = symbols.name(i);
        int tab = name.indexOf('\t');
        if (tab < 0) {
            return new Symbol(name, KERNEL, "kernel");
        }
        String module = name.substring(tab + 1).trim();
        return new Symbol(name.substring(0, tab), module.startsWith("[") ? module : KERNEL, "kernel");
    }

    public int size() {
        return symbols.size();
    }

    /** What the table holds on the heap, in bytes. */
    public long bytes() {
        return symbols.bytes();
    }
}
