package sonde.analyzer.hist;

import java.util.Locale;

/**
 * A power-of-two histogram printed exactly as bcc prints one (print_log2_hist in
 * src/python/bcc/table.py, the output of biolatency(8), ext4dist(8) and friends), so that
 * sonde's distributions read like the ones in Brendan Gregg's books and can be diffed against
 * them.
 *
 * <p>Slots follow bcc's {@code bpf_log2l()}: slot s holds the values 2^(s-1) to 2^s - 1, and
 * slot 1 holds 0 and 1 (printed {@code 0 -> 1}); slot 0 is never used, so no value is lost.
 * A value of up to 63 bits falls in slots 1 to 63. libbpf-tools numbers the same buckets from
 * 0 and prints one space less before "distribution"; sonde follows the Python tools.
 *
 * <p>The printed shape: a header {@code "     usecs               : count     distribution"},
 * then one row per slot from slot 1 up to the highest non-empty one ({@code %10d -> %-10d :
 * %-8d |bar|}, a bar of 40 columns scaled to the largest count). When the highest non-empty
 * slot is above 32 (a value of 2^32 or more) the bounds are printed 20 wide, the header
 * indented by 15 and the bar halved to 20 columns, as bcc does. Nothing at all is printed for
 * an empty histogram.
 *
 * <p>An accumulator: not thread-safe.
 */
public final class Log2Histogram {
    /** Slots 0 (unused) to 63. */
    public static final int SLOTS = 64;
    private static final int STARS_MAX = 40;

    private final long[] counts = new long[SLOTS];

    /** bcc's bpf_log2l(): the position of the highest set bit, counted from 1; 0 and 1 give 1. */
    public static int slot(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        return value == 0 ? 1 : 64 - Long.numberOfLeadingZeros(value);
    }

    /** The smallest value of a slot: 0 for slot 1, else 2^(slot-1). */
    public static long low(int slot) {
        checkSlot(slot);
        return slot == 1 ? 0 : 1L << (slot - 1);
    }

    /** The largest value of a slot: 2^slot - 1. */
    public static long high(int slot) {
        checkSlot(slot);
        return slot == 63 ? Long.MAX_VALUE : (1L << slot) - 1;
    }

    /** Counts one value. */
    public Log2Histogram add(long value) {
        counts[slot(value)]++;
        return this;
    }

    /** Adds {@code count} to a slot (1 to 63), e.g. from a query that bucketed already. */
    public Log2Histogram addSlot(int slot, long count) {
        checkSlot(slot);
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count);
        }
        counts[slot] += count;
        return this;
    }

    public long count(int slot) {
        checkSlot(slot);
        return counts[slot];
    }

    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** The histogram as bcc prints it, one line per row, each ended by '\n'; "" when empty. */
    public String format(String valType) {
        return format(valType, false);
    }

    /**
     * @param stripLeadingZero start at the first non-empty slot instead of slot 1, as bcc's
     *                         print_log2_hist(strip_leading_zero=True) does
     */
    public String format(String valType, boolean stripLeadingZero) {
        int idxMax = -1;
        long valMax = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (counts[i] > 0) {
                idxMax = i;
            }
            valMax = Math.max(valMax, counts[i]);
        }
        if (idxMax <= 0) {
            return "";
        }
        boolean narrow = idxMax <= 32;
        int width = narrow ? 10 : 20;
        int stars = narrow ? STARS_MAX : STARS_MAX / 2;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, narrow ? "     %-19s : count     distribution\n" : "               %-29s : count     distribution\n", valType));
        boolean skipping = stripLeadingZero;
        for (int i = 1; i <= idxMax; i++) {
            if (skipping && counts[i] == 0) {
                continue;
            }
            skipping = false;
            sb.append(String.format(Locale.ROOT, "%" + width + "d -> %-" + width + "d : %-8d |%s|\n",
                    low(i), high(i), counts[i], Bars.of(counts[i], valMax, stars)));
        }
        return sb.toString();
    }

    private static void checkSlot(int slot) {
        if (slot < 1 || slot >= SLOTS) {
            throw new IllegalArgumentException("log2 slot " + slot + " out of 1.." + (SLOTS - 1));
        }
    }
}
