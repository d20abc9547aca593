package sonde.recorder.sink.internal;

import java.util.Arrays;

/** A growable little-endian byte buffer, reused page after page. */
public final class ByteSink {
    private byte[] buf;
    private int size;

    public ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public void reset() {
        size = 0;
    }

    public int size() {
        return size;
    }

    /** The bytes written so far; valid up to {@link #size()} until the next write or reset. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    public void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void writeIntLE(int v) {
        ensure(4);
        buf[size] = (byte) v;
        buf[size + 1] = (byte) (v >>> 8);
        buf[size + 2] = (byte) (v >>> 16);
        buf[size + 3] = (byte) (v >>> 24);
        size += 4;
    }

    public void writeLongLE(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size + i] = (byte) (v >>> (8 * i));
        }
        size += 8;
    }

    public void write(byte[] bytes, int off, int len) {
        ensure(len);
        System.arraycopy(bytes, off, buf, size, len);
        size += len;
    }

    /** Unsigned LEB128 (varint), as Parquet's encodings use for headers and counts. */
    public void writeUleb(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    public void writeZigZag(long v) {
        writeUleb((v << 1) ^ (v >> 63));
    }

    /**
     * Bit-packs {@code count} values of {@code width} bits each, least significant bit first (the
     * order of Parquet's bit-packed runs and DELTA_BINARY_PACKED miniblocks). {@code count *
     * width} must be a multiple of 8, so that the packing ends on a byte.
     */
    public void pack(long[] values, int from, int count, int width) {
        if (width == 0) {
            return;
        }
        ensure(count * width / 8 + 8);
        byte[] b = buf;
        int at = size;
        long acc = 0;
        int bits = 0;
        for (int i = from; i < from + count; i++) {
            long v = values[i];
            acc |= v << bits;
            int total = bits + width;
            if (total > 64) {
                for (int k = 0; k < 8; k++) {
                    b[at++] = (byte) (acc >>> (8 * k));
                }
                acc = v >>> (64 - bits);
                total -= 64;
            }
            while (total >= 8) {
                b[at++] = (byte) acc;
                acc >>>= 8;
                total -= 8;
            }
            bits = total;
        }
        size = at;
    }

    /** {@link #pack(long[], int, int, int)} for int values (dictionary ids and levels, width ≤ 32). */
    public void pack(int[] values, int from, int count, int width) {
        if (width == 0) {
            return;
        }
        ensure(count * width / 8 + 8);
        byte[] b = buf;
        int at = size;
        long acc = 0;
        int bits = 0;
        for (int i = from; i < from + count; i++) {
            acc |= (values[i] & 0xFFFFFFFFL) << bits;
            bits += width;
            while (bits >= 8) {
                b[at++] = (byte) acc;
                acc >>>= 8;
                bits -= 8;
            }
        }
        size = at;
    }
}
