package sonde.recorder.sink.internal;

/**
 * Parquet's DELTA_BINARY_PACKED encoding of 64-bit integers: blocks of 128 deltas, each block
 * its minimum delta then four miniblocks of 32 bit-packed (delta - minimum) values at the width
 * the largest one needs. Monotonic times and sequence numbers shrink to a few bits a value.
 * Deltas wrap around in 64 bits, as readers expect.
 */
public final class DeltaBinaryPacked {
    private static final int BLOCK = 128;
    private static final int MINIBLOCKS = 4;
    private static final int MINI = BLOCK / MINIBLOCKS;

    private final long[] deltas = new long[BLOCK];
    private final int[] widths = new int[MINIBLOCKS];

    /** Encodes {@code values[0..count)} into {@code out}. */
    public void encode(long[] values, int count, ByteSink out) {
        out.writeUleb(BLOCK);
        out.writeUleb(MINIBLOCKS);
        out.writeUleb(count);
        out.writeZigZag(count == 0 ? 0 : values[0]);
        for (int from = 1; from < count; from += BLOCK) {
            int n = Math.min(BLOCK, count - from);
            long min = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                long d = values[from + i] - values[from + i - 1];
                deltas[i] = d;
                if (d < min) {
                    min = d;
                }
            }
            for (int i = 0; i < n; i++) {
                deltas[i] -= min;
            }
            for (int i = n; i < BLOCK; i++) {
                deltas[i] = 0; // padding of the last miniblock
            }
            out.writeZigZag(min);
            int used = (n + MINI - 1) / MINI;
            java.util.Arrays.fill(widths, 0);
            for (int m = 0; m < used; m++) {
                long or = 0;
                for (int i = m * MINI; i < (m + 1) * MINI; i++) {
                    or |= deltas[i];
                }
                widths[m] = 64 - Long.numberOfLeadingZeros(or);
            }
            for (int m = 0; m < MINIBLOCKS; m++) {
                out.writeByte(widths[m]);
            }
            for (int m = 0; m < used; m++) {
                out.pack(deltas, m * MINI, MINI, widths[m]);
            }
        }
    }
}
