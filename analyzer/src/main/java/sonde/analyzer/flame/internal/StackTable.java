package sonde.analyzer.flame.internal;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * Distinct stacks, each a sequence of frame ids, with their summed periods. Open addressing;
 * holds one copy of each distinct stack. Not thread-safe.
 */
public final class StackTable {
    private int[][] keys = new int[1 << 10][];
    private int[] hashes = new int[1 << 10];
    private PerlSum[] sums = new PerlSum[1 << 10];
    private int size;

    /** The running total of the stack {@code ids[0, len)}, created at zero when new. */
    public PerlSum sumOf(int[] ids, int len) {
        int h = hash(ids, len);
        int mask = keys.length - 1;
        int i = h & mask;
        for (int[] k; (k = keys[i]) != null; i = (i + 1) & mask) {
            if (hashes[i] == h && Arrays.equals(k, 0, k.length, ids, 0, len)) {
                return sums[i];
            }
        }
        PerlSum sum = new PerlSum();
        keys[i] = Arrays.copyOf(ids, len);
        hashes[i] = h;
        sums[i] = sum;
        if (++size * 2 > keys.length) {
            grow();
        }
        return sum;
    }

    public int size() {
        return size;
    }

    /** Every stack and its total, in no particular order. */
    public void forEach(BiConsumer<int[], PerlSum> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                action.accept(keys[i], sums[i]);
            }
        }
    }

    private static int hash(int[] ids, int len) {
        int h = len;
        for (int i = 0; i < len; i++) {
            h = h * 0x9E3779B1 + ids[i];
        }
        return h ^ (h >>> 16);
    }

    private void grow() {
        int[][] oldKeys = keys;
        int[] oldHashes = hashes;
        PerlSum[] oldSums = sums;
        keys = new int[oldKeys.length * 2][];
        hashes = new int[oldKeys.length * 2];
        sums = new PerlSum[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = oldHashes[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                hashes[i] = oldHashes[j];
                sums[i] = oldSums[j];
            }
        }
    }
}
