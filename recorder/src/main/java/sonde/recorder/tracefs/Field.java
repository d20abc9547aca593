package sonde.recorder.tracefs;

import sonde.recorder.util.Utf8;

import java.nio.charset.StandardCharsets;

/**
 * One field of a tracepoint's format ("field:char comm[16]; offset:44; size:16; signed:0;").
 * Readers take the buffer holding the event and the offset of the event's first byte.
 */
public final class Field {
    /** How the field's bytes are laid out. */
    public enum Layout { SCALAR, ARRAY, DATA_LOC, REL_LOC }

    private final String name;
    private final String type;
    private final int offset;
    private final int size;
    private final boolean signed;
    private final Layout layout;
    private static final int STRING_CACHE = 256;
    private final Decoded[] strings = new Decoded[STRING_CACHE];
    private final Words[] words = new Words[STRING_CACHE];
    private final boolean wordSized;
    private static final boolean LITTLE = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

    public Field(String name, String type, int offset, int size, boolean signed, Layout layout) {
        this.name = name;
        this.type = type;
        this.offset = offset;
        this.size = size;
        this.signed = signed;
        this.layout = layout;
        this.wordSized = layout == Layout.ARRAY && (size == 8 || size == 16);
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public int offset() {
        return offset;
    }

    public int size() {
        return size;
    }

    public boolean signed() {
        return signed;
    }

    public Layout layout() {
        return layout;
    }

    /** An integer field (1, 2, 4 or 8 bytes), sign- or zero-extended as the format says. */
    public long getLong(byte[] b, int event) {
        int at = event + offset;
        return switch (size) {
            case 1 -> signed ? b[at] : Bytes.u8(b, at);
            case 2 -> signed ? (short) Bytes.u16(b, at) : Bytes.u16(b, at);
            case 4 -> signed ? Bytes.i32(b, at) : Integer.toUnsignedLong(Bytes.i32(b, at));
            case 8 -> Bytes.i64(b, at);
            default -> throw new IllegalStateException("field " + name + " of size " + size + " is not an integer");
        };
    }

    public int getInt(byte[] b, int event) {
        return (int) getLong(b, event);
    }

    /**
     * A string: a char array up to its first NUL, or a __data_loc / __rel_loc string whose
     * 32-bit descriptor holds the offset (low 16 bits) and length (high 16 bits). A char array
     * is read as whole UTF-8 characters: the kernel fills one (a comm) with a name cut at a byte
     * count, which may split the last character (see sonde.recorder.host.Comm).
     */
    public String getString(byte[] b, int event) {
        if (wordSized && LITTLE && event + offset + size <= b.length) {
            return getWords(b, event + offset);
        }
        int start;
        int max;
        switch (layout) {
            case DATA_LOC, REL_LOC -> {
                int loc = Bytes.i32(b, event + offset);
                start = event + (loc & 0xffff) + (layout == Layout.REL_LOC ? offset + size : 0);
                max = loc >>> 16;
            }
            default -> {
                start = event + offset;
                max = size;
            }
        }
        int len = 0;
        int h = 0;
        for (byte c; len < max && start + len < b.length && (c = b[start + len]) != 0; len++) {
            h = 31 * h + c;
        }
        // the same few names (comm, rwbs, ...) come millions of times: decode each once
        int slot = (h ^ (h >>> 7)) & (STRING_CACHE - 1);
        Decoded d = strings[slot];
        if (d != null && d.sameAs(b, start, len)) {
            return d.text;
        }
        byte[] bytes = java.util.Arrays.copyOfRange(b, start, start + len);
        String text = layout == Layout.ARRAY ? Utf8.decodeWhole(bytes, 0, len) : new String(bytes, StandardCharsets.UTF_8);
        strings[slot] = new Decoded(bytes, text);
        return text;
    }

    /**
     * A char[8] or char[16] (rwbs, comm) read as one or two 64-bit words, cut at the first NUL
     * (the bytes after it may be stale ring-buffer contents), and looked up by those words: no
     * loop over bytes for the names that come millions of times.
     */
    private String getWords(byte[] b, int at) {
        long w0 = Bytes.i64(b, at);
        long w1 = 0;
        long m0 = upToNul(w0);
        if (m0 != -1L) {
            w0 &= m0;
        } else if (size == 16) {
            w1 = Bytes.i64(b, at + 8);
            w1 &= upToNul(w1);
        }
        long h = (w0 * 0x9E3779B97F4A7C15L) ^ (w1 * 0xC2B2AE3D27D4EB4FL);
        int slot = (int) (h ^ (h >>> 32)) & (STRING_CACHE - 1);
        Words w = words[slot];
        if (w != null && w.w0 == w0 && w.w1 == w1) {
            return w.text;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (w0 >>> (8 * i));
            bytes[8 + i] = (byte) (w1 >>> (8 * i));
        }
        int len = 0;
        while (len < size && bytes[len] != 0) {
            len++;
        }
        String text = Utf8.decodeWhole(bytes, 0, len);
        words[slot] = new Words(w0, w1, text);
        return text;
    }

    /** A mask keeping the bytes of {@code w} before its first zero byte (little-endian); -1 if it has none. */
    private static long upToNul(long w) {
        long z = (w - 0x0101010101010101L) & ~w & 0x8080808080808080L;
        if (z == 0) {
            return -1L;
        }
        int firstZero = Long.numberOfTrailingZeros(z) >>> 3;
        return firstZero == 0 ? 0 : -1L >>> (64 - 8 * firstZero);
    }

    private record Words(long w0, long w1, String text) {
    }

    /** A decoded string and the bytes it came from; immutable, so safe to share between readers. */
    private record Decoded(byte[] bytes, String text) {
        boolean sameAs(byte[] b, int start, int len) {
            if (bytes.length != len) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if (b[start + i] != bytes[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public String toString() {
        return type + " " + name + " @" + offset + "+" + size + (signed ? " signed" : "") + " " + layout;
    }
}
