package sonde.recorder.symbols;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Functions sorted by start address, for lookups by binary search, held without an object per
 * symbol: starts and sizes in two long arrays, names as NUL-terminated UTF-8 in one byte array
 * (in the order the reader found them, each entry pointing at its own). A String is made only
 * for a symbol that a lookup returns. A symbol of size 0 (common in kallsyms and hand-written
 * assembly) covers up to the next symbol (the last one, 64 KiB). Of symbols that start at the
 * same address only the one a lookup would return is kept: the biggest, then the first added.
 * Addresses compare as signed longs throughout: kernel and user addresses never share a table.
 */
final class SortedSymbols {
    /** One function before sorting. */
    record Entry(long start, long size, String name) {
    }

    static final SortedSymbols EMPTY = new SymbolsBuilder().build();
    /** Array headers and the object itself, for {@link #bytes}. */
    private static final long OVERHEAD = 4 * 16 + 16;
    private static final long OPEN_END = 65_536;

    private final long[] starts;
    private final long[] sizes;
    private final int[] nameAt;
    private final byte[] names;

    /** Arrays in address order, owned from now on. */
    SortedSymbols(long[] starts, long[] sizes, int[] nameAt, byte[] names) {
        this.starts = starts;
        this.sizes = sizes;
        this.nameAt = nameAt;
        this.names = names;
    }

    SortedSymbols(List<Entry> entries) {
        this(fill(entries));
    }

    private SortedSymbols(SortedSymbols built) {
        this(built.starts, built.sizes, built.nameAt, built.names);
    }

    private static SortedSymbols fill(List<Entry> entries) {
        SymbolsBuilder b = new SymbolsBuilder();
        for (Entry e : entries) {
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            b.add(e.start(), e.size(), name, 0, name.length);
        }
        return b.build();
    }

    /** The index of the function containing {@code address}, or -1. */
    int find(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) { // the last start <= address
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= address) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi >= 0 && address < end(hi) ? hi : -1;
    }

    private long end(int i) {
        if (sizes[i] > 0) {
            return starts[i] + sizes[i];
        }
        return i + 1 < starts.length ? starts[i + 1] : starts[i] + OPEN_END;
    }

    /** The name of function {@code i}, made now. */
    String name(int i) {
        int from = nameAt[i];
        int to = from;
        while (names[to] != 0) {
            to++;
        }
        return new String(names, from, to - from, StandardCharsets.UTF_8);
    }

    /** The function containing {@code address}, or null. */
    String lookup(long address) {
        int i = find(address);
        return i < 0 ? null : name(i);
    }

    /** Adds every function kept here, with its name, to {@code b} (a table that grows is built again). */
    void addTo(SymbolsBuilder b) {
        for (int i = 0; i < starts.length; i++) {
            int end = nameAt[i];
            while (names[end] != 0) {
                end++;
            }
            b.add(starts[i], sizes[i], names, nameAt[i], end - nameAt[i]);
        }
    }

    long nameBytes() {
        return names.length;
    }

    int size() {
        return starts.length;
    }

    /** What the table holds on the heap, in bytes. */
    long bytes() {
        return bytesFor(starts.length, names.length);
    }

    /** What a table of {@code count} functions and {@code nameBytes} of names holds: two longs and an int each. */
    static long bytesFor(int count, long nameBytes) {
        return OVERHEAD + 20L * count + nameBytes;
    }
}
