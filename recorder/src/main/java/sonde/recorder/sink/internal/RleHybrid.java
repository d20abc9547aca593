package sonde.recorder.sink.internal;

/**
 * Parquet's RLE / bit-packing hybrid encoding (levels and dictionary ids): a run of eight or
 * more equal values is one RLE run; anything else goes out in bit-packed groups of eight. A
 * bit-packed run that is not the last one holds a multiple of eight values, so literals are
 * taken eight at a time; the last group is padded with zeros (readers stop at the value count).
 */
public final class RleHybrid {
    private static final int MIN_RUN = 8;

    private RleHybrid() {
    }

    /** Bits needed for values up to {@code max}. */
    public static int bitWidth(int max) {
        return 32 - Integer.numberOfLeadingZeros(max);
    }

    /** Encodes {@code values[0..count)} into {@code out}, without a length prefix. */
    public static void encode(int[] values, int count, int width, ByteSink out) {
        int literalsFrom = -1; // start of the pending bit-packed values (a multiple of 8 of them)
        int i = 0;
        while (i < count) {
            int v = values[i];
            int run = 1;
            while (i + run < count && values[i + run] == v) {
                run++;
            }
            if (run >= MIN_RUN) {
                if (literalsFrom >= 0) {
                    packed(values, literalsFrom, i - literalsFrom, width, out);
                    literalsFrom = -1;
                }
                out.writeUleb((long) run << 1);
                int bytes = (width + 7) / 8;
                for (int k = 0; k < bytes; k++) {
                    out.writeByte(v >>> (8 * k));
                }
                i += run;
            } else {
                if (literalsFrom < 0) {
                    literalsFrom = i;
                }
                i = Math.min(i + MIN_RUN, count); // a whole group, whatever it holds
                if (i == count) {
                    break;
                }
            }
        }
        if (literalsFrom >= 0) {
            packed(values, literalsFrom, count - literalsFrom, width, out);
        }
    }

    private static void packed(int[] values, int from, int n, int width, ByteSink out) {
        int groups = (n + 7) / 8;
        out.writeUleb(((long) groups << 1) | 1);
        int whole = n / 8 * 8;
        out.pack(values, from, whole, width);
        if (whole < n) {
            int[] last = new int[8];
            System.arraycopy(values, from + whole, last, 0, n - whole);
            out.pack(last, 0, 8, width);
        }
    }
}
