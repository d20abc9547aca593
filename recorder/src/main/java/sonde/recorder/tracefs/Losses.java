package sonde.recorder.tracefs;

import java.util.Arrays;

/**
 * When the ring buffers of one instance lost events, as spans of CLOCK_MONOTONIC time: the
 * union over its CPUs of where each loss the kernel flagged in a page header lies. In overwrite
 * mode the kernel discards the oldest unread page, so the events lost on a CPU were stamped
 * after everything read from it before the flagged page (or, if the last read found it empty,
 * after that read less the commit slack) and before the flagged page's own time stamp.
 *
 * <p>A decoder that pairs two events of one thing (a block request's issue and completion, a
 * system call's entry and exit) asks {@link #between} whether a loss lies between them: any
 * CPU's, because the events that were lost (this request's completion, another request's
 * issue) may have been on any CPU. Every loss that starts before the watermark is known before
 * any event after it is decoded: a CPU's flagged page is read before the watermark passes that
 * CPU's last read.
 *
 * <p>Bounded: at {@link #MAX_SPANS} the two closest spans are joined, so a span may cover a
 * little more time than was lost, never less. Used by the reader thread only.
 */
public final class Losses {
    static final int MAX_SPANS = 4096;

    /** Disjoint spans sorted by time; {@code from[i] <= to[i] < from[i + 1]}. */
    private long[] from = new long[16];
    private long[] to = new long[16];
    private int n;
    private long flagged;

    /** Events were lost between these two times (inclusive) on some CPU. */
    public void add(long fromNs, long toNs) {
        flagged++;
        insert(Math.min(fromNs, toNs), Math.max(fromNs, toNs));
    }

    private void insert(long a, long b) {
        int i = firstEndingAtOrAfter(a);
        int j = i;
        while (j < n && from[j] <= b) {
            a = Math.min(a, from[j]);
            b = Math.max(b, to[j]);
            j++;
        }
        if (j == i && n == from.length) {
            if (n == MAX_SPANS) {
                joinClosest();
                insert(a, b);
                return;
            }
            from = Arrays.copyOf(from, n * 2);
            to = Arrays.copyOf(to, n * 2);
        }
        // spans i .. j-1 become the one span [a, b]
        int shift = 1 - (j - i);
        System.arraycopy(from, j, from, j + shift, n - j);
        System.arraycopy(to, j, to, j + shift, n - j);
        from[i] = a;
        to[i] = b;
        n += shift;
    }

    /** Whether events were lost at some time in [fromNs, toNs] on any CPU. */
    public boolean between(long fromNs, long toNs) {
        if (n == 0) {
            return false;
        }
        int i = firstEndingAtOrAfter(fromNs);
        return i < n && from[i] <= toNs;
    }

    /** Whether anything was lost so far. */
    public boolean any() {
        return n > 0;
    }

    /** Losses flagged (pages read with the missed-events bit). */
    public long flagged() {
        return flagged;
    }

    private int firstEndingAtOrAfter(long t) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (to[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void joinClosest() {
        int best = 0;
        for (int i = 1; i < n - 1; i++) {
            if (from[i + 1] - to[i] < from[best + 1] - to[best]) {
                best = i;
            }
        }
        to[best] = to[best + 1];
        System.arraycopy(from, best + 2, from, best + 1, n - best - 2);
        System.arraycopy(to, best + 2, to, best + 1, n - best - 2);
        n--;
    }
}
