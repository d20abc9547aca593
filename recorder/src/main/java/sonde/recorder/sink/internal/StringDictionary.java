package sonde.recorder.sink.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The distinct strings of one column chunk, numbered in order of first appearance, with their
 * UTF-8 bytes (each string encoded once). An open-addressing table keyed by the string: the
 * same few names (comm, device, op) come again and again, usually as the very same object.
 */
public final class StringDictionary {
    private String[] keys = new String[1024];
    private int[] ids = new int[1024];
    private String[] byId = new String[256];
    private byte[][] utf8 = new byte[256][];
    private int size;
    private long bytes;

    public void clear() {
        if (size > 0) {
            Arrays.fill(keys, null);
            Arrays.fill(byId, 0, size, null);
            Arrays.fill(utf8, 0, size, null);
        }
        size = 0;
        bytes = 0;
    }

    public int size() {
        return size;
    }

    /** Bytes of the dictionary page when written PLAIN (length-prefixed values). */
    public long plainBytes() {
        return bytes;
    }

    /** The id of {@code s}, numbering it if new. */
    public int id(String s) {
        int mask = keys.length - 1;
        int h = s.hashCode();
        int i = (h ^ (h >>> 16)) & mask;
        while (true) {
            String k = keys[i];
            if (k == null) {
                break;
            }
            if (k == s || k.equals(s)) {
                return ids[i];
            }
            i = (i + 1) & mask;
        }
        int id = size++;
        keys[i] = s;
        ids[i] = id;
        if (id == byId.length) {
            byId = Arrays.copyOf(byId, id * 2);
            utf8 = Arrays.copyOf(utf8, id * 2);
        }
        byId[id] = s;
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        utf8[id] = b;
        bytes += 4 + b.length;
        if (size * 2 > keys.length) {
            grow();
        }
        return id;
    }

    private void grow() {
        String[] oldKeys = keys;
        int[] oldIds = ids;
        keys = new String[oldKeys.length * 2];
        ids = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            String k = oldKeys[j];
            if (k != null) {
                int h = k.hashCode();
                int i = (h ^ (h >>> 16)) & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                ids[i] = oldIds[j];
            }
        }
    }

    public byte[] utf8(int id) {
        return utf8[id];
    }

    /** The dictionary page: every value PLAIN (4-byte length, then the bytes), in id order. */
    public void writePlain(ByteSink out) {
        for (int i = 0; i < size; i++) {
            out.writeIntLE(utf8[i].length);
            out.write(utf8[i], 0, utf8[i].length);
        }
    }

    /** The id of the smallest value in Parquet's order for strings (unsigned bytes), or -1. */
    public int minId() {
        return extreme(-1);
    }

    public int maxId() {
        return extreme(1);
    }

    private int extreme(int sign) {
        int best = -1;
        for (int i = 0; i < size; i++) {
            if (best < 0 || Integer.signum(Arrays.compareUnsigned(utf8[i], utf8[best])) == sign) {
                best = i;
            }
        }
        return best;
    }
}
