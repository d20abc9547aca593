package sonde.analyzer.flame.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads '\n'-terminated lines as byte strings (ISO-8859-1 Java strings, one char per byte),
 * the way Perl's {@code <>} does with no decoding layer: '\r' stays, invalid UTF-8 survives,
 * and the last line needs no terminator. Memory is one buffer of at most {@code maxLineBytes}:
 * a longer line is skipped (to its end) rather than held, and counted.
 */
public final class ByteLines {
    private static final int END = -1;
    private static final int TOO_LONG = -2;
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[256];
    private long skippedTooLong;

    public ByteLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its '\n', or null at end of input. */
    public String next() throws IOException {
        while (true) {
            int len = readLine();
            if (len == END) {
                return null;
            }
            if (len != TOO_LONG) {
                return new String(line, 0, len, StandardCharsets.ISO_8859_1);
            }
            skippedTooLong++;
        }
    }

    /** Reads up to and past the next '\n': the length kept in {@code line}, END or TOO_LONG. */
    private int readLine() throws IOException {
        int len = 0;
        boolean tooLong = false;
        boolean any = false;
        while (chunkPos < chunkEnd || fill()) {
            any = true;
            int nl = indexOfNewline();
            int end = nl < 0 ? chunkEnd : nl;
            int n = end - chunkPos;
            tooLong = tooLong || (long) len + n > maxLineBytes;
            if (!tooLong) {
                ensure(len + n);
                System.arraycopy(chunk, chunkPos, line, len, n);
                len += n;
            }
            chunkPos = nl < 0 ? chunkEnd : nl + 1;
            if (nl >= 0) {
                break;
            }
        }
        if (!any) {
            return END;
        }
        return tooLong ? TOO_LONG : len;
    }

    /** Lines longer than the limit, skipped so far. */
    public long skippedTooLong() {
        return skippedTooLong;
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk, 0, chunk.length);
        while (n == 0) {
            n = in.read(chunk, 0, chunk.length);
        }
        if (n < 0) {
            return false;
        }
        chunkPos = 0;
        chunkEnd = n;
        return true;
    }

    private int indexOfNewline() {
        for (int i = chunkPos; i < chunkEnd; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void ensure(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, Math.max(capacity, Math.min(maxLineBytes, line.length * 2)));
        }
    }
}
