package sonde.recorder.sink.internal;

import java.util.Arrays;

/** The distinct values of one 32- or 64-bit integer column chunk, numbered in order of first appearance. */
public final class NumberDictionary {
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys = new long[1024];
    private int[] ids = new int[1024];
    private boolean hasEmptyKey;
    private int emptyKeyId;
    private long[] byId = new long[256];
    private int size;

    public NumberDictionary() {
        Arrays.fill(keys, EMPTY);
    }

    public void clear() {
        if (size > 0) {
            Arrays.fill(keys, EMPTY);
        }
        hasEmptyKey = false;
        size = 0;
    }

    public int size() {
        return size;
    }

    public int id(long v) {
        if (v == EMPTY) {
            if (!hasEmptyKey) {
                hasEmptyKey = true;
                emptyKeyId = add(v);
            }
            return emptyKeyId;
        }
        int mask = keys.length - 1;
        int i = slot(v, mask);
        while (keys[i] != EMPTY) {
            if (keys[i] == v) {
                return ids[i];
            }
            i = (i + 1) & mask;
        }
        keys[i] = v;
        int id = add(v);
        ids[i] = id;
        if (size * 2 > keys.length) {
            grow();
        }
        return id;
    }

    private int add(long v) {
        if (size == byId.length) {
            byId = Arrays.copyOf(byId, size * 2);
        }
        byId[size] = v;
        return size++;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldIds = ids;
        keys = new long[oldKeys.length * 2];
        ids = new int[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k != EMPTY) {
                int i = slot(k, mask);
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                ids[i] = oldIds[j];
            }
        }
    }

    private static int slot(long v, int mask) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    public long value(int id) {
        return byId[id];
    }

    /** The dictionary page: every value PLAIN (4 or 8 bytes little-endian, the column's width), in id order. */
    public void writePlain(ByteSink out, int bytes) {
        for (int i = 0; i < size; i++) {
            if (bytes == 4) {
                out.writeIntLE((int) byId[i]);
            } else {
                out.writeLongLE(byId[i]);
            }
        }
    }
}
