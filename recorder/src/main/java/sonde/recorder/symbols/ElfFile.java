package sonde.recorder.symbols;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * An ELF64 little-endian file read with positional reads into small heap buffers, never
 * mapped: pages of a mapped file count in the recorder's RSS until the mapping is collected,
 * and a large library's symbol and string tables are tens of MiB.
 */
final class ElfFile implements Closeable {
    private static final int SHT_NOTE = 7;
    private static final int PT_LOAD = 1;

    /** One section header: type, file offset, size, link (the string table of a symbol table), entry size. */
    record Section(int type, long offset, long size, int link, long entsize) {
    }

    private final FileChannel ch;
    private final ByteBuffer header;
    private final Section[] sections;

    private ElfFile(FileChannel ch, ByteBuffer header, Section[] sections) {
        this.ch = ch;
        this.header = header;
        this.sections = sections;
    }

    /** Opens a file; null when it is not an ELF64 LE file (or not readable). */
    static ElfFile open(Path file) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            if (ch.size() < 64) {
                ch.close();
                return null;
            }
            ByteBuffer h = read(ch, 0, 64);
            if (h.getInt(0) != 0x464c457f || h.get(4) != 2 || h.get(5) != 1) {
                ch.close();
                return null;
            }
            long shoff = h.getLong(0x28);
            int shentsize = Short.toUnsignedInt(h.getShort(0x3a));
            int shnum = Short.toUnsignedInt(h.getShort(0x3c));
            Section[] sections = new Section[shentsize >= 64 ? shnum : 0];
            if (sections.length > 0) {
                ByteBuffer sh = read(ch, shoff, shnum * shentsize);
                for (int i = 0; i < shnum; i++) {
                    int at = i * shentsize;
                    sections[i] = new Section(sh.getInt(at + 4), sh.getLong(at + 24), sh.getLong(at + 32),
                            sh.getInt(at + 40), sh.getLong(at + 56));
                }
            }
            return new ElfFile(ch, h, sections);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            return null;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** The first section of a type (an ELF file has at most one symbol table of each kind), or null. */
    Section section(int type) {
        for (Section s : sections) {
            if (s.type() == type) {
                return s;
            }
        }
        return null;
    }

    /** Section {@code i}, or null. */
    Section sectionAt(int i) {
        return i >= 0 && i < sections.length ? sections[i] : null;
    }

    /** e_type: 2 is ET_EXEC (not position independent). */
    int type() {
        return Short.toUnsignedInt(header.getShort(16));
    }

    /** The PT_LOAD segments as (file offset, file size, virtual address) triples. */
    long[] loadSegments() throws IOException {
        int phentsize = Short.toUnsignedInt(header.getShort(0x36));
        int phnum = Short.toUnsignedInt(header.getShort(0x38));
        if (phentsize < 56 || phnum == 0) {
            return new long[0];
        }
        ByteBuffer ph = read(ch, header.getLong(0x20), phentsize * phnum);
        long[] out = new long[3 * phnum];
        int n = 0;
        for (int i = 0; i < phnum; i++) {
            int at = i * phentsize;
            if (ph.getInt(at) == PT_LOAD) {
                out[n++] = ph.getLong(at + 8);
                out[n++] = ph.getLong(at + 32);
                out[n++] = ph.getLong(at + 16);
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The NT_GNU_BUILD_ID note's bytes (the first note of a note section), or null. */
    byte[] buildId() throws IOException {
        for (Section s : sections) {
            if (s.type() != SHT_NOTE || s.size() < 16) {
                continue;
            }
            ByteBuffer b = read(ch, s.offset(), (int) Math.min(s.size(), 16 + 64));
            int namesz = b.getInt(0);
            int descsz = b.getInt(4);
            int type = b.getInt(8);
            if (type == 3 && namesz == 4 && descsz > 1 && descsz <= 64 && 16 + descsz <= b.limit()) { // "GNU\0"
                byte[] id = new byte[descsz];
                b.get(16, id);
                return id;
            }
        }
        return null;
    }

    /** Fills {@code into} (position to limit) with the bytes at {@code offset}. */
    void readFully(long offset, ByteBuffer into) throws IOException {
        int start = into.position();
        while (into.hasRemaining()) {
            if (ch.read(into, offset + into.position() - start) < 0) {
                throw new IOException("truncated at " + (offset + into.position() - start));
            }
        }
    }

    /** Up to {@code length} bytes at {@code offset} into {@code to}; returns how many (fewer at end of file). */
    int readInto(long offset, byte[] to, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(to, 0, length);
        while (b.hasRemaining()) {
            int n = ch.read(b, offset + b.position());
            if (n < 0) {
                break;
            }
        }
        return b.position();
    }

    private static ByteBuffer read(FileChannel ch, long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IOException("bad offset");
        }
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                throw new IOException("truncated at " + (offset + b.position()));
            }
        }
        return b.clear();
    }

    @Override
    public void close() {
        closeQuietly(ch);
    }
}
