package sonde.recorder.symbols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * JIT symbols a runtime writes to /tmp/perf-PID.map, one "START SIZE name" line (hex) per
 * compiled method: Java with -XX:+PreserveFramePointer and `jcmd PID Compiler.perfmap`, Node with
 * --perf-basic-prof. The file only grows, so it is read as it grows: the whole lines appended
 * since the last read, looked for at most every {@link #RECHECK_NS} (when an address is not
 * found), and only up to the bytes allowed: beyond them the rest of the file stays unread.
 */
final class PerfMap {
    /** A JIT writes a method's line when it compiles it, just before running it: look again soon. */
    static final long RECHECK_NS = 100_000_000L;
    private static final int CHUNK = 1 << 16;

    private final Path path;
    private final long maxBytes;
    private SortedSymbols symbols = SortedSymbols.EMPTY;
    /** File bytes read so far (whole lines). */
    private long readTo;
    /** The last whole line read, ending at readTo, newline included: to tell a rewritten file. */
    private byte[] lastLine = new byte[0];
    private long checkedNs;
    private boolean checked;
    private boolean full;

    PerfMap(Path path) {
        this(path, Long.MAX_VALUE);
    }

    PerfMap(Path path, long maxBytes) {
        this.path = path;
        this.maxBytes = maxBytes;
    }

    /** The method at {@code address} as far as the map has been read, or null. */
    String find(long address) {
        return symbols.lookup(address);
    }

    /** The method at {@code address}, reading what the file gained first if it is not known; or null. */
    String lookup(long address) {
        String name = find(address);
        return name == null && refresh(System.nanoTime()) ? find(address) : name;
    }

    /** Reads the lines appended since the last read, if it is time to look; whether the table changed. */
    boolean refresh(long nowNs) {
        return refresh(nowNs, false);
    }

    /**
     * As {@link #refresh(long)}; {@code now} looks whatever the time since the last look (the
     * process exited, or the recording ends: the map will not be looked at again).
     */
    boolean refresh(long nowNs, boolean now) {
        if (full || (checked && !now && nowNs - checkedNs < RECHECK_NS)) {
            return false;
        }
        checked = true;
        checkedNs = nowNs;
        if (!path.toFile().isFile()) { // most processes have no map: no exception made to find out
            return false;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < readTo || !lastLineStillThere(ch)) {
                // a new file under the old name (the pid was reused, or jcmd Compiler.perfmap wrote
                // the map anew, as it does each time): start again
                readTo = 0;
                lastLine = new byte[0];
                symbols = SortedSymbols.EMPTY;
            }
            return size > readTo && read(ch, size);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the last line read is still where it was: a runtime that appends (perf-map-agent,
     * Node) leaves it; one that writes the file anew almost never puts the same line at the same
     * place, and if it does, what came before is the same too (the same code cache, dumped again).
     */
    private boolean lastLineStillThere(FileChannel ch) throws IOException {
        if (lastLine.length == 0) {
            return true;
        }
        ByteBuffer b = ByteBuffer.allocate(lastLine.length);
        long at = readTo - lastLine.length;
        while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
            // a short read: go on from where it stopped
        }
        return !b.hasRemaining() && java.util.Arrays.equals(b.array(), lastLine);
    }

    private boolean read(FileChannel ch, long size) throws IOException {
        long more = Math.min(size - readTo, maxBytes); // a line is longer than its name, and than 20 bytes
        SymbolsBuilder b = new SymbolsBuilder(symbols.size() + (int) (more / 20), (int) (symbols.nameBytes() + more));
        symbols.addTo(b);
        int before = b.count();
        byte[] buf = new byte[CHUNK];
        int have = 0;
        long at = readTo;
        while (at + have < size && !full) {
            int n = ch.read(ByteBuffer.wrap(buf, have, buf.length - have), at + have);
            if (n <= 0) {
                break;
            }
            have += n;
            int from = 0;
            for (int nl; (nl = indexOf(buf, (byte) '\n', from, have)) >= 0; from = nl + 1) {
                if (SortedSymbols.bytesFor(b.count() + 1, b.nameBytes() + nl - from) > maxBytes) {
                    full = true; // this line and the rest stay unread
                    break;
                }
                line(buf, from, nl, b);
                if (indexOf(buf, (byte) '\n', nl + 1, have) < 0) { // the chunk's last whole line
                    lastLine = java.util.Arrays.copyOfRange(buf, from, nl + 1);
                }
            }
            if (from == 0 && have == buf.length && !full) {
                from = have; // a line longer than 64 KiB: not a symbol
                lastLine = new byte[0];
            }
            System.arraycopy(buf, from, buf, 0, have - from);
            at += from;
            have -= from;
        }
        readTo = at;
        if (b.count() == before) {
            return false;
        }
        symbols = b.build();
        return true;
    }

    /** START SIZE name, both numbers hex with or without 0x; other lines are not symbols. */
    private static void line(byte[] buf, int from, int end, SymbolsBuilder b) {
        int sp1 = indexOf(buf, (byte) ' ', from, end);
        int sp2 = sp1 < 0 ? -1 : indexOf(buf, (byte) ' ', sp1 + 1, end);
        if (sp2 < 0) {
            return;
        }
        long start = hex(buf, from, sp1);
        long size = hex(buf, sp1 + 1, sp2);
        if (start == -1 || size == -1) {
            return;
        }
        int nameEnd = end > sp2 + 1 && buf[end - 1] == '\r' ? end - 1 : end;
        b.add(start, size, buf, sp2 + 1, nameEnd - sp2 - 1);
    }

    /** The hex number in buf[from, to), with or without 0x, or -1 when it is not one. */
    private static long hex(byte[] buf, int from, int to) {
        if (to - from > 2 && buf[from] == '0' && (buf[from + 1] | 0x20) == 'x') {
            from += 2;
        }
        if (to == from || to - from > 16) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int c = buf[i];
            int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    private static int indexOf(byte[] buf, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** What the map holds on the heap, in bytes. */
    long bytes() {
        return symbols.bytes() + 64;
    }

    /** Whether lines were left unread for want of room. */
    boolean full() {
        return full;
    }
}
