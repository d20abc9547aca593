package sonde.recorder.event;

/** A binary min-heap of source numbers keyed by their head event (time stamp, then sequence). */
final class SourceHeap {
    private int[] sources = new int[16];
    private long[] ts = new long[16];
    private long[] seq = new long[16];
    private int size;

    void clear() {
        size = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(int source, Timed head) {
        if (size == sources.length) {
            sources = java.util.Arrays.copyOf(sources, size * 2);
            ts = java.util.Arrays.copyOf(ts, size * 2);
            seq = java.util.Arrays.copyOf(seq, size * 2);
        }
        set(size, source, head.tsNs(), head.seq());
        up(size++);
    }

    int minSource() {
        return sources[0];
    }

    void popMin() {
        size--;
        if (size > 0) {
            set(0, sources[size], ts[size], seq[size]);
            down(0);
        }
    }

    /** The minimum source's head changed (it only ever moves later). */
    void replaceMin(Timed head) {
        ts[0] = head.tsNs();
        seq[0] = head.seq();
        down(0);
    }

    private boolean less(int i, int j) {
        return ts[i] < ts[j] || (ts[i] == ts[j] && seq[i] < seq[j]);
    }

    private void up(int i) {
        while (i > 0 && less(i, (i - 1) / 2)) {
            swap(i, (i - 1) / 2);
            i = (i - 1) / 2;
        }
    }

    private void down(int i) {
        while (true) {
            int l = 2 * i + 1;
            int m = i;
            if (l < size && less(l, m)) {
                m = l;
            }
            if (l + 1 < size && less(l + 1, m)) {
                m = l + 1;
            }
            if (m == i) {
                return;
            }
            swap(i, m);
            i = m;
        }
    }

    private void set(int i, int source, long t, long s) {
        sources[i] = source;
        ts[i] = t;
        seq[i] = s;
    }

    private void swap(int i, int j) {
        int s = sources[i];
        long t = ts[i];
        long q = seq[i];
        set(i, sources[j], ts[j], seq[j]);
        set(j, s, t, q);
    }
}
