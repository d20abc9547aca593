package sonde.recorder.util;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 cut at whole characters. The kernel cuts names at a byte count (a task's comm at 15
 * bytes), which may fall inside a character; decoded as is, the broken character would read as
 * U+FFFD, and the same name would differ by where it came from.
 */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * The length of {@code b[start .. start+len)} without a character that the end cuts short:
     * a lead byte not followed by all the continuation bytes it announces. Other malformed bytes
     * stay (they decode to U+FFFD as usual).
     */
    public static int wholeLength(byte[] b, int start, int len) {
        int i = start + len - 1;
        int back = 0;
        while (i >= start && back < 3 && (b[i] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i < start) {
            return len;
        }
        int lead = b[i] & 0xFF;
        int need = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        return start + len - i < need ? i - start : len;
    }

    /** The bytes decoded, less a last character the end cuts short. */
    public static String decodeWhole(byte[] b, int start, int len) {
        return new String(b, start, wholeLength(b, start, len), StandardCharsets.UTF_8);
    }

    /** The longest start of {@code s} whose UTF-8 takes at most {@code maxBytes} bytes and ends on a whole character. */
    public static String cut(String s, int maxBytes) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return b.length <= maxBytes ? s : decodeWhole(b, 0, maxBytes);
    }
}
