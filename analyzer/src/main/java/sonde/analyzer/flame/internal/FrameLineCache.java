package sonde.analyzer.flame.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Remembers what a frame line folded to, keyed by the line's bytes from the symbol on, so that
 * the same frame seen again costs a hash and a compare instead of a parse. Perf prints the
 * same few thousand frames millions of times. Bounded: past {@link #MAX_ENTRIES} entries or
 * {@link #MAX_KEY_BYTES} of keys it stops remembering (every line is then parsed again), so
 * memory does not grow with the input. Not thread-safe.
 */
public final class FrameLineCache {
    static final int MAX_ENTRIES = 1 << 20;
    static final long MAX_KEY_BYTES = 64L << 20;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[][] keys = new byte[1 << 12][];
    private int[] hashes = new int[1 << 12];
    private int[][] values = new int[1 << 12][];
    private int size;
    private long keyBytes;

    /** A hash of {@code b[from, to)}. */
    public static int hash(byte[] b, int from, int to) {
        long h = 0x9E3779B97F4A7C15L ^ (to - from);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * 0xff51afd7ed558ccdL;
            h ^= h >>> 29;
        }
        long tail = 0;
        for (; i < to; i++) {
            tail = (tail << 8) | (b[i] & 0xff);
        }
        h = (h ^ tail) * 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 32;
        return (int) h;
    }

    /** The value remembered for the key {@code b[from, to)} with hash {@code h}, or null. */
    public int[] get(byte[] b, int from, int to, int h) {
        int mask = keys.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                return null;
            }
            if (hashes[i] == h && Arrays.equals(k, 0, k.length, b, from, to)) {
                return values[i];
            }
        }
    }

    /** Remembers {@code value} for a key that {@link #get} did not find, unless full. */
    public void put(byte[] b, int from, int to, int h, int[] value) {
        if (size >= MAX_ENTRIES || keyBytes + (to - from) > MAX_KEY_BYTES) {
            return;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(Arrays.copyOfRange(b, from, to), h, value);
        size++;
        keyBytes += to - from;
    }

    private void insert(byte[] key, int h, int[] value) {
        int mask = keys.length - 1;
        int i = h & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        hashes[i] = h;
        values[i] = value;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldHashes = hashes;
        int[][] oldValues = values;
        keys = new byte[oldKeys.length * 2][];
        hashes = new int[oldKeys.length * 2];
        values = new int[oldKeys.length * 2][];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], oldHashes[i], oldValues[i]);
            }
        }
    }
}
