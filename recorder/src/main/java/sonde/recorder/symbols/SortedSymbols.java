package sonde.recorder.symbols;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Functions sorted by start address, for lookups by binary search. A symbol of size 0 (common
 * in kallsyms and hand-written assembly) covers up to the next symbol (the last one, 64 KiB).
 * Addresses compare as signed longs throughout: kernel and user addresses never share a table.
 */
final class SortedSymbols {
    /** One function before sorting. */
    record Entry(long start, long size, String name) {
    }

    private final long[] starts;
    private final long[] ends;
    private final String[] names;

    SortedSymbols(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::start).thenComparing(e -> -e.size()));
        int n = sorted.size();
        starts = new long[n];
        ends = new long[n];
        names = new String[n];
        long nextDistinct = Long.MIN_VALUE;
        for (int i = n - 1; i >= 0; i--) {
            Entry e = sorted.get(i);
            starts[i] = e.start();
            names[i] = e.name();
            if (i + 1 < n && sorted.get(i + 1).start() != e.start()) {
                nextDistinct = sorted.get(i + 1).start();
            }
            long open = nextDistinct == Long.MIN_VALUE ? e.start() + 65_536 : nextDistinct;
            ends[i] = e.size() > 0 ? e.start() + e.size() : open;
        }
    }

    /** The function containing {@code address}, or null. */
    String lookup(long address) {
        int i = Arrays.binarySearch(starts, address);
        if (i < 0) {
            i = -i - 2;
        }
        if (i < 0) {
            return null;
        }
        long start = starts[i];
        while (i > 0 && starts[i - 1] == start) {
            i--; // equal starts sort biggest first: take that one, not a zero-size alias
        }
        return address < ends[i] ? names[i] : null;
    }

    int size() {
        return names.length;
    }
}
