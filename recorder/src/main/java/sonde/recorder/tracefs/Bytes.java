package sonde.recorder.tracefs;

import java.nio.ByteOrder;

/**
 * Integers in a byte array in the machine's order (the ring buffer's): plain array reads and
 * shifts, which the recorder's compiler (C1) turns into a few instructions, where a
 * ByteBuffer read is a chain of calls.
 */
final class Bytes {
    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private Bytes() {
    }

    static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    static int u16(byte[] b, int at) {
        return LITTLE ? (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 : (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    static int i32(byte[] b, int at) {
        return LITTLE
                ? (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | b[at + 3] << 24
                : b[at] << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    static long i64(byte[] b, int at) {
        long lo = i32(b, at) & 0xffffffffL;
        long hi = i32(b, at + 4) & 0xffffffffL;
        return LITTLE ? hi << 32 | lo : lo << 32 | hi;
    }
}
