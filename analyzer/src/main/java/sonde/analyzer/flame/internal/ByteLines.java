package sonde.analyzer.flame.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads '\n'-terminated lines as byte strings, the way Perl's {@code <>} does with no decoding
 * layer: '\r' stays, invalid UTF-8 survives, and the last line needs no terminator. Lines are
 * handed out in place ({@link #advance}, then {@link #buffer}, {@link #start}, {@link #end}:
 * valid until the next call) or copied as ISO-8859-1 Java strings, one char per byte
 * ({@link #next}). Memory is one buffer that grows to hold the longest line, at most
 * {@code maxLineBytes}: a longer line is skipped (to its end) rather than held, and counted.
 */
public final class ByteLines {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int INITIAL = 256 * 1024;
    private final InputStream in;
    private final int maxLineBytes;
    private byte[] buf = new byte[INITIAL];
    private int pos;        // start of the unread bytes
    private int limit;      // end of the bytes read
    private boolean eof;
    private int lineStart;
    private int lineEnd;
    private long skippedTooLong;

    public ByteLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its '\n', or null at end of input. */
    public String next() throws IOException {
        return advance() ? new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1) : null;
    }

    /** Moves to the next line; false at end of input. */
    public boolean advance() throws IOException {
        int scanFrom = pos;
        while (true) {
            int nl = indexOfNewline(scanFrom, limit);
            if (nl >= 0) {
                if (nl - pos > maxLineBytes) {
                    skippedTooLong++;
                    pos = nl + 1;
                    scanFrom = pos;
                    continue;
                }
                lineStart = pos;
                lineEnd = nl;
                pos = nl + 1;
                return true;
            }
            if (eof) {
                if (pos == limit) {
                    return false;
                }
                lineStart = pos;
                lineEnd = limit;
                pos = limit;
                if (lineEnd - lineStart > maxLineBytes) {
                    skippedTooLong++;
                    return false;
                }
                return true;
            }
            if (limit - pos > maxLineBytes) {
                // a line too long to keep: drop what we have of it and skip to its end
                skipRestOfLine();
                scanFrom = pos;
                continue;
            }
            int scanned = limit - pos;
            fill();
            scanFrom = pos + scanned;
        }
    }

    public byte[] buffer() {
        return buf;
    }

    public int start() {
        return lineStart;
    }

    public int end() {
        return lineEnd;
    }

    /** Lines longer than the limit, skipped so far. */
    public long skippedTooLong() {
        return skippedTooLong;
    }

    /** Reads more after the unread bytes, moving them to the front or growing the buffer first. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, (long) maxLineBytes + INITIAL));
        }
        int n = in.read(buf, limit, buf.length - limit);
        while (n == 0) {
            n = in.read(buf, limit, buf.length - limit);
        }
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    private void skipRestOfLine() throws IOException {
        skippedTooLong++;
        pos = limit;
        while (true) {
            if (pos == limit) {
                pos = 0;
                limit = 0;
                fill();
                if (eof) {
                    return;
                }
            }
            int nl = indexOfNewline(pos, limit);
            if (nl >= 0) {
                pos = nl + 1;
                return;
            }
            pos = limit;
        }
    }

    /** The first '\n' in {@code buf[from, to)}, or -1: eight bytes at a time. */
    private int indexOfNewline(int from, int to) {
        byte[] b = buf;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
            // a zero byte of x (a '\n' of the input) sets the high bit of its byte; borrows can
            // only set bits above the first zero, so the lowest set bit is the first '\n'
            long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
