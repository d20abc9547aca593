package sonde.recorder.symbols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Function symbols of one ELF64 little-endian file (.symtab, else .dynsym; a stripped file's
 * .symtab is looked for in /usr/lib/debug/.build-id by its build id), and its PT_LOAD segments,
 * to turn a file offset in a mapping into the link-time address the symbols use. The table is
 * compact ({@link SortedSymbols}) and its reading stops as soon as it would outgrow the bytes
 * allowed, so a huge file costs no more than the budget to find out.
 */
public final class ElfSymbols {
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_DYNSYM = 11;
    private static final int STT_FUNC = 2;
    private static final int STT_GNU_IFUNC = 10;
    private static final int SYMBOL_SIZE = 24;
    /** Symbols read per positional read. */
    private static final int SYMBOLS_PER_READ = 4096;
    /** String-table bytes read at once; the names wanted are read in string-table order. */
    private static final int STRING_WINDOW = 1 << 18;

    static final ElfSymbols EMPTY = new ElfSymbols(SortedSymbols.EMPTY, new long[0], false);

    private final SortedSymbols symbols;
    /** (file offset, file size, virtual address) per PT_LOAD segment. */
    private final long[] segments;
    private final boolean executable;

    private ElfSymbols(SortedSymbols symbols, long[] segments, boolean executable) {
        this.symbols = symbols;
        this.segments = segments;
        this.executable = executable;
    }

    /** Reads a file; anything that is not a readable ELF64 LE file gives an empty table. */
    public static ElfSymbols read(Path file) {
        ElfSymbols e = read(file, Long.MAX_VALUE);
        return e == null ? EMPTY : e;
    }

    /** As {@link #read(Path)}, or null when the table would hold more than {@code maxBytes}. */
    static ElfSymbols read(Path file, long maxBytes) {
        try (ElfFile elf = ElfFile.open(file)) {
            if (elf == null) {
                return EMPTY;
            }
            SortedSymbols funcs = functions(elf, SHT_SYMTAB, maxBytes);
            if (funcs != null && funcs.size() == 0) {
                Path debug = debugFile(elf.buildId());
                if (debug != null) {
                    funcs = symtabOf(debug, maxBytes); // the same link-time addresses
                }
            }
            if (funcs != null && funcs.size() == 0) {
                funcs = functions(elf, SHT_DYNSYM, maxBytes);
            }
            return funcs == null ? null : new ElfSymbols(funcs, elf.loadSegments(), elf.type() == 2);
        } catch (IOException | RuntimeException e) {
            return EMPTY;
        }
    }

    private static SortedSymbols symtabOf(Path debug, long maxBytes) {
        try (ElfFile elf = ElfFile.open(debug)) {
            return elf == null ? SortedSymbols.EMPTY : functions(elf, SHT_SYMTAB, maxBytes);
        } catch (IOException | RuntimeException e) {
            return SortedSymbols.EMPTY;
        }
    }

    /** The functions of the file's symbol table of {@code type}; null when over {@code maxBytes}. */
    private static SortedSymbols functions(ElfFile elf, int type, long maxBytes) throws IOException {
        ElfFile.Section sym = elf.section(type);
        ElfFile.Section str = sym == null ? null : elf.sectionAt(sym.link());
        if (sym == null || str == null || sym.entsize() < SYMBOL_SIZE) {
            return SortedSymbols.EMPTY;
        }
        long count = sym.size() / sym.entsize();
        int entsize = (int) sym.entsize();
        // sized for every symbol (functions are most of a large table) but never beyond the budget
        SymbolsBuilder b = new SymbolsBuilder((int) Math.min(count, Math.min(maxBytes / 20, 1 << 20)), 0);
        ByteBuffer chunk = ByteBuffer.allocate(SYMBOLS_PER_READ * entsize).order(ByteOrder.LITTLE_ENDIAN);
        for (long first = 0; first < count; first += SYMBOLS_PER_READ) {
            int n = (int) Math.min(SYMBOLS_PER_READ, count - first);
            elf.readFully(sym.offset() + first * entsize, chunk.clear().limit(n * entsize));
            for (int i = 0; i < n; i++) {
                int s = i * entsize;
                int info = chunk.get(s + 4) & 0xf;
                int shndx = Short.toUnsignedInt(chunk.getShort(s + 6));
                long value = chunk.getLong(s + 8);
                if ((info == STT_FUNC || info == STT_GNU_IFUNC) && shndx != 0 && value != 0) {
                    b.add(value, chunk.getLong(s + 16), chunk.getInt(s));
                }
            }
            if (SortedSymbols.bytesFor(b.count(), 0) > maxBytes) {
                return null;
            }
        }
        int[] order = b.order();
        return names(new Strings(elf, str), b, order, maxBytes) ? b.build(order) : null;
    }

    /**
     * Reads the names of the functions in {@code order} from the string table, in string-table
     * order, twice: once to measure them (and stop if they are over {@code maxBytes}), once to
     * copy them into a pool of exactly their size, which becomes the table's.
     */
    private static boolean names(Strings strings, SymbolsBuilder b, int[] order, long maxBytes) throws IOException {
        long[] byName = new long[order.length];
        for (int j = 0; j < order.length; j++) {
            byName[j] = (b.ref(order[j]) & 0xffffffffL) << 32 | order[j]; // st_name is an unsigned offset
        }
        Arrays.sort(byName);
        long bytes = 0;
        for (long key : byName) {
            strings.find(key >>> 32);
            bytes += strings.length + 1;
            if (SortedSymbols.bytesFor(order.length, bytes) > maxBytes) {
                return false;
            }
        }
        b.reserveNames((int) bytes);
        for (long key : byName) {
            strings.find(key >>> 32);
            b.name((int) key, strings.buf, strings.from, strings.length);
        }
        return true;
    }

    /** A window on a string table, read again where a name wanted is not (wholly) in it. */
    private static final class Strings {
        final ElfFile elf;
        final ElfFile.Section table;
        final byte[] buf;
        long at;
        int have;
        /** The name last found: buf[from, from + length). */
        int from;
        int length;

        Strings(ElfFile elf, ElfFile.Section table) {
            this.elf = elf;
            this.table = table;
            this.buf = new byte[(int) Math.min(STRING_WINDOW, Math.max(table.size(), 1))];
        }

        void find(long offset) throws IOException {
            if (offset >= table.size()) { // past the table: no name
                from = 0;
                length = 0;
                return;
            }
            int nul = offset >= at && offset < at + have ? indexOfNul(buf, (int) (offset - at), have) : -1;
            if (nul < 0) {
                at = offset;
                have = elf.readInto(table.offset() + offset, buf, (int) Math.min(buf.length, table.size() - offset));
                nul = indexOfNul(buf, 0, have);
                nul = nul < 0 ? have : nul; // longer than the window: cut
            }
            from = (int) (offset - at);
            length = nul - from;
        }
    }

    private static int indexOfNul(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** /usr/lib/debug/.build-id/xx/yyyy.debug for the file's build id, if installed. */
    private static Path debugFile(byte[] buildId) {
        if (buildId == null) {
            return null;
        }
        String hex = HexFormat.of().formatHex(buildId);
        Path p = Path.of("/usr/lib/debug/.build-id", hex.substring(0, 2), hex.substring(2) + ".debug");
        return Files.isRegularFile(p) ? p : null;
    }

    /**
     * The function at a file offset of a mapping (address − mapping start + mapping offset).
     *
     * @return the name, or null
     */
    public String lookupFileOffset(long fileOffset) {
        for (int s = 0; s < segments.length; s += 3) {
            if (fileOffset >= segments[s] && fileOffset < segments[s] + segments[s + 1]) {
                return symbols.lookup(fileOffset - segments[s] + segments[s + 2]);
            }
        }
        return null;
    }

    /** The function at a link-time address, or null. */
    String lookupAddress(long address) {
        return symbols.lookup(address);
    }

    public int size() {
        return symbols.size();
    }

    /** What the table holds on the heap, in bytes. */
    public long bytes() {
        return symbols.bytes() + 8L * segments.length + 48;
    }

    /** ET_EXEC (not position independent). */
    public boolean executable() {
        return executable;
    }
}
