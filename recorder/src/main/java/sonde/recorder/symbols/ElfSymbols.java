package sonde.recorder.symbols;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Function symbols of one ELF64 little-endian file (.symtab, else .dynsym; a stripped file's
 * .symtab is looked for in /usr/lib/debug/.build-id by its build id), and its PT_LOAD segments,
 * to turn a file offset in a mapping into the link-time address the symbols use.
 */
public final class ElfSymbols {
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_DYNSYM = 11;
    private static final int SHT_NOTE = 7;
    private static final int PT_LOAD = 1;
    private static final int STT_FUNC = 2;
    private static final int STT_GNU_IFUNC = 10;
    private static final long MAX_FILE = 1L << 31;

    private record Segment(long offset, long fileSize, long vaddr) {
    }

    static final ElfSymbols EMPTY = new ElfSymbols(new SortedSymbols(List.of()), List.of(), false);

    private final SortedSymbols symbols;
    private final List<Segment> segments;
    private final boolean executable;

    private ElfSymbols(SortedSymbols symbols, List<Segment> segments, boolean executable) {
        this.symbols = symbols;
        this.segments = segments;
        this.executable = executable;
    }

    /** Reads a file; anything that is not a readable ELF64 LE file gives an empty table. */
    public static ElfSymbols read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 64 || size > MAX_FILE) {
                return EMPTY;
            }
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            b.order(ByteOrder.LITTLE_ENDIAN);
            if (b.getInt(0) != 0x464c457f || b.get(4) != 2 || b.get(5) != 1) {
                return EMPTY;
            }
            List<SortedSymbols.Entry> funcs = functions(b, SHT_SYMTAB);
            if (funcs.isEmpty()) {
                Path debug = debugFile(b);
                if (debug != null) {
                    funcs = symtabOf(debug); // the same link-time addresses
                }
            }
            if (funcs.isEmpty()) {
                funcs = functions(b, SHT_DYNSYM);
            }
            return new ElfSymbols(new SortedSymbols(funcs), segments(b), b.getShort(16) == 2);
        } catch (IOException | RuntimeException e) {
            return EMPTY;
        }
    }

    private static List<SortedSymbols.Entry> symtabOf(Path debug) {
        try (FileChannel ch = FileChannel.open(debug, StandardOpenOption.READ)) {
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(ch.size(), MAX_FILE));
            b.order(ByteOrder.LITTLE_ENDIAN);
            return b.getInt(0) == 0x464c457f ? functions(b, SHT_SYMTAB) : List.of();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static List<SortedSymbols.Entry> functions(MappedByteBuffer b, int type) {
        List<SortedSymbols.Entry> out = new ArrayList<>();
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
        int shnum = Short.toUnsignedInt(b.getShort(0x3c));
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) != type) {
                continue;
            }
            long off = b.getLong(sh + 24);
            long size = b.getLong(sh + 32);
            int link = b.getInt(sh + 40);
            long entsize = b.getLong(sh + 56);
            int strSh = (int) (shoff + (long) link * shentsize);
            long strOff = b.getLong(strSh + 24);
            for (long s = off; entsize > 0 && s + entsize <= off + size; s += entsize) {
                int info = b.get((int) s + 4) & 0xf;
                int shndx = Short.toUnsignedInt(b.getShort((int) s + 6));
                long value = b.getLong((int) s + 8);
                if ((info == STT_FUNC || info == STT_GNU_IFUNC) && shndx != 0 && value != 0) {
                    out.add(new SortedSymbols.Entry(value, b.getLong((int) s + 16), string(b, strOff + b.getInt((int) s))));
                }
            }
        }
        return out;
    }

    private static List<Segment> segments(MappedByteBuffer b) {
        List<Segment> out = new ArrayList<>();
        long phoff = b.getLong(0x20);
        int phentsize = Short.toUnsignedInt(b.getShort(0x36));
        int phnum = Short.toUnsignedInt(b.getShort(0x38));
        for (int i = 0; i < phnum; i++) {
            int ph = (int) (phoff + (long) i * phentsize);
            if (b.getInt(ph) == PT_LOAD) {
                out.add(new Segment(b.getLong(ph + 8), b.getLong(ph + 32), b.getLong(ph + 16)));
            }
        }
        return out;
    }

    /** /usr/lib/debug/.build-id/xx/yyyy.debug for the file's NT_GNU_BUILD_ID note, if installed. */
    private static Path debugFile(MappedByteBuffer b) {
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
        int shnum = Short.toUnsignedInt(b.getShort(0x3c));
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) != SHT_NOTE) {
                continue;
            }
            int off = (int) b.getLong(sh + 24);
            int namesz = b.getInt(off);
            int descsz = b.getInt(off + 4);
            int type = b.getInt(off + 8);
            if (type == 3 && namesz == 4 && descsz > 1 && descsz <= 64) { // NT_GNU_BUILD_ID, "GNU\0"
                byte[] id = new byte[descsz];
                b.get(off + 12 + 4, id);
                String hex = HexFormat.of().formatHex(id);
                Path p = Path.of("/usr/lib/debug/.build-id", hex.substring(0, 2), hex.substring(2) + ".debug");
                return Files.isRegularFile(p) ? p : null;
            }
        }
        return null;
    }

    private static String string(MappedByteBuffer b, long at) {
        int end = (int) at;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - (int) at];
        b.get((int) at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The function at a file offset of a mapping (address − mapping start + mapping offset).
     *
     * @return the name, or null
     */
    public String lookupFileOffset(long fileOffset) {
        for (Segment s : segments) {
            if (fileOffset >= s.offset() && fileOffset < s.offset() + s.fileSize()) {
                return symbols.lookup(fileOffset - s.offset() + s.vaddr());
            }
        }
        return null;
    }

    public int size() {
        return symbols.size();
    }

    /** ET_EXEC (not position independent). */
    public boolean executable() {
        return executable;
    }
}
