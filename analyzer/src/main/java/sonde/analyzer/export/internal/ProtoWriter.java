package sonde.analyzer.export.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Protocol buffers encoding, the little of it pprof's profile.proto needs: varint fields
 * (wire type 0), length-delimited fields (wire type 2: strings, nested messages) and packed
 * repeated varints. One message is built in a growable buffer, then written out or nested
 * into its parent. Scalar fields equal to 0 are not written, as proto3 leaves defaults out;
 * strings always are (the string table's first entry is the empty string). Reusable after
 * {@link #reset()}; not thread-safe.
 */
public final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int LEN = 2;
    private byte[] buf = new byte[128];
    private int size;

    /** Empties the message for reuse. */
    public ProtoWriter reset() {
        size = 0;
        return this;
    }

    /** A uint64, int64 or enum field: negative int64s take ten bytes, as protobuf says. */
    public ProtoWriter varint(int field, long value) {
        if (value != 0) {
            tag(field, VARINT);
            rawVarint(value);
        }
        return this;
    }

    public ProtoWriter bool(int field, boolean value) {
        return varint(field, value ? 1 : 0);
    }

    /** A string field, as UTF-8; written even when empty. */
    public ProtoWriter string(int field, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        tag(field, LEN);
        rawVarint(b.length);
        append(b, 0, b.length);
        return this;
    }

    /** A nested message field: {@code m}'s bytes, length first. */
    public ProtoWriter message(int field, ProtoWriter m) {
        tag(field, LEN);
        rawVarint(m.size);
        append(m.buf, 0, m.size);
        return this;
    }

    /** A packed repeated varint field of {@code values[0, n)}; nothing when n is 0. */
    public ProtoWriter packed(int field, long[] values, int n) {
        if (n == 0) {
            return this;
        }
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            bytes += varintSize(values[i]);
        }
        tag(field, LEN);
        rawVarint(bytes);
        for (int i = 0; i < n; i++) {
            rawVarint(values[i]);
        }
        return this;
    }

    /** Bytes so far. */
    public int size() {
        return size;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    /** Writes {@code m} to {@code out} as field {@code field} of a message being streamed there. */
    public static void writeField(OutputStream out, int field, ProtoWriter m) throws IOException {
        ProtoWriter head = new ProtoWriter();
        head.tag(field, LEN);
        head.rawVarint(m.size);
        head.writeTo(out);
        m.writeTo(out);
    }

    static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7fL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private void tag(int field, int wireType) {
        rawVarint((long) field << 3 | wireType);
    }

    private void rawVarint(long v) {
        ensure(10);
        while ((v & ~0x7fL) != 0) {
            buf[size++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    private void append(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + more, buf.length * 2));
        }
    }
}
