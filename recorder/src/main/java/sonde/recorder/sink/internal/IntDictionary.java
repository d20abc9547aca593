package sonde.recorder.sink.internal;

import java.util.Arrays;

/** The distinct values of one int column chunk, numbered in order of first appearance. */
public final class IntDictionary {
    private static final int EMPTY = Integer.MIN_VALUE;

    private int[] keys = new int[1024];
    private int[] ids = new int[1024];
    private boolean hasEmptyKey;
    private int emptyKeyId;
    private int[] byId = new int[256];
    private int size;

    public IntDictionary() {
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

    public int id(int v) {
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

    private int add(int v) {
        if (size == byId.length) {
            byId = Arrays.copyOf(byId, size * 2);
        }
        byId[size] = v;
        return size++;
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldIds = ids;
        keys = new int[oldKeys.length * 2];
        ids = new int[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            int k = oldKeys[j];
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

    private static int slot(int v, int mask) {
        int h = v * 0x9E3779B9;
        return (h ^ (h >>> 15)) & mask;
    }

    public int value(int id) {
        return byId[id];
    }

    /** The dictionary page: every value PLAIN (4 bytes little-endian), in id order. */
    public void writePlain(ByteSink out) {
        for (int i = 0; i < size; i++) {
            out.writeIntLE(byId[i]);
        }
    }
}
