package sonde.recorder.symbols;

import java.util.Arrays;

/**
 * Collects functions for a {@link SortedSymbols} in primitive arrays, names in one byte pool.
 * A name may be given later than its function ({@link #add(long, long, int)} then
 * {@link #name}): the ELF reader first learns which functions a lookup can return
 * ({@link #order}) and then reads only their names.
 */
final class SymbolsBuilder {
    private long[] starts;
    private long[] sizes;
    /** Until {@link #name}: the caller's reference to the name; after: where it starts in the pool. */
    private int[] refs;
    private int[] lengths;
    private int n;
    private byte[] pool;
    private int poolSize;
    private int named;

    SymbolsBuilder() {
        this(256, 4096);
    }

    /**
     * Room for {@code functions} and {@code nameBytes} of names (NULs included) from the start:
     * a large table's arrays are then made once instead of grown by copies.
     */
    SymbolsBuilder(int functions, int nameBytes) {
        int cap = Math.max(functions, 16);
        starts = new long[cap];
        sizes = new long[cap];
        refs = new int[cap];
        lengths = new int[cap];
        pool = new byte[Math.max(nameBytes, 16)];
    }

    /** Adds a function whose name comes later; returns its index. */
    int add(long start, long size, int ref) {
        if (n == starts.length) {
            int cap = n * 2;
            starts = Arrays.copyOf(starts, cap);
            sizes = Arrays.copyOf(sizes, cap);
            refs = Arrays.copyOf(refs, cap);
            lengths = Arrays.copyOf(lengths, cap);
        }
        starts[n] = start;
        sizes[n] = size;
        refs[n] = ref;
        return n++;
    }

    void add(long start, long size, byte[] name, int from, int length) {
        name(add(start, size, 0), name, from, length);
    }

    int ref(int i) {
        return refs[i];
    }

    /** Sets function {@code i}'s name: {@code length} bytes of UTF-8 from {@code src} at {@code from}, without a NUL. */
    void name(int i, byte[] src, int from, int length) {
        if (poolSize + length + 1 > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + length + 1));
        }
        System.arraycopy(src, from, pool, poolSize, length);
        refs[i] = poolSize;
        lengths[i] = length;
        named++;
        poolSize += length;
        pool[poolSize++] = 0;
    }

    /** Makes the name pool room for {@code bytes} more (NULs included): the ELF reader knows their size first. */
    void reserveNames(int bytes) {
        if (pool.length - poolSize < bytes) {
            pool = Arrays.copyOf(pool, poolSize + bytes);
        }
    }

    int count() {
        return n;
    }

    /** Bytes of names so far. */
    long nameBytes() {
        return poolSize;
    }

    /**
     * The functions a lookup can return, in address order: of those with equal starts, the
     * biggest, then the first added (a stable sort; the others are aliases never returned).
     */
    int[] order() {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] b = new int[n];
        int[] runs = runs(a);
        // natural merge sort: stable, no boxing, and one pass over input already in order (kallsyms
        // mostly is, perf maps of one compiler thread too)
        for (int count = runs.length - 1; count > 1; count = (count + 1) / 2) {
            int r = 0;
            for (; r + 2 <= count; r += 2) {
                merge(a, b, runs[r], runs[r + 1], runs[r + 2]);
                runs[r / 2] = runs[r];
            }
            if (r < count) {
                System.arraycopy(a, runs[r], b, runs[r], runs[r + 1] - runs[r]);
                runs[r / 2] = runs[r];
            }
            runs[(count + 1) / 2] = n;
            int[] t = a;
            a = b;
            b = t;
        }
        int kept = 0;
        for (int k = 0; k < n; k++) {
            if (kept == 0 || starts[a[k]] != starts[a[kept - 1]]) {
                a[kept++] = a[k];
            }
        }
        return Arrays.copyOf(a, kept);
    }

    /** Where each ascending run of {@code a} starts, then n. */
    private int[] runs(int[] a) {
        int[] runs = new int[8];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || before(a[i], a[i - 1])) {
                if (count + 2 > runs.length) {
                    runs = Arrays.copyOf(runs, runs.length * 2);
                }
                runs[count++] = i;
            }
        }
        runs[count] = n;
        return Arrays.copyOf(runs, count + 1);
    }

    private void merge(int[] from, int[] to, int lo, int mid, int hi) {
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            to[k] = i < mid && (j >= hi || !before(from[j], from[i])) ? from[i++] : from[j++];
        }
    }

    /** Whether function x sorts strictly before y: a lower start, or the same start and a bigger size. */
    private boolean before(int x, int y) {
        return starts[x] != starts[y] ? starts[x] < starts[y] : sizes[x] > sizes[y];
    }

    SortedSymbols build() {
        return build(order());
    }

    /**
     * The table of the functions in {@code order} (from {@link #order}), each of which has its
     * name. When the pool holds exactly their names (the ELF reader names only those, into a pool
     * sized to fit) it becomes the table's, uncopied.
     */
    SortedSymbols build(int[] order) {
        int k = order.length;
        long[] s = new long[k];
        long[] z = new long[k];
        int[] at = new int[k];
        boolean ownPool = named == k && poolSize == pool.length;
        byte[] names = ownPool ? pool : new byte[namesBytes(order)];
        int p = 0;
        for (int j = 0; j < k; j++) {
            int i = order[j];
            s[j] = starts[i];
            z[j] = sizes[i];
            if (ownPool) {
                at[j] = refs[i];
            } else {
                at[j] = p;
                System.arraycopy(pool, refs[i], names, p, lengths[i] + 1);
                p += lengths[i] + 1;
            }
        }
        return new SortedSymbols(s, z, at, names);
    }

    private int namesBytes(int[] order) {
        int bytes = 0;
        for (int i : order) {
            bytes += lengths[i] + 1;
        }
        return bytes;
    }
}
