package sonde.analyzer.hist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import sonde.analyzer.Golden;

/**
 * The golden files under golden/hist/ were not written by this code: they are the output of
 * bcc's own printing algorithm (table.py _print_log2_hist and _print_linear_hist, helpers.h
 * bpf_log2l) run over the same values, so these tests hold sonde to bcc's format.
 */
class HistogramPrinterTest {
    /** (value, times) pairs: a disk read distribution in usecs, shaped like biolatency output. */
    private static final long[][] BIOLATENCY = {{0, 1}, {1, 2}, {3, 1}, {20, 5}, {40, 10}, {100, 37}, {200, 120},
        {300, 80}, {600, 15}, {1500, 3}, {5000, 1}};

    private static Log2Histogram log2(long[][] pairs) {
        Log2Histogram h = new Log2Histogram();
        for (long[] p : pairs) {
            for (int i = 0; i < p[1]; i++) {
                h.add(p[0]);
            }
        }
        return h;
    }

    @Test
    void printsLikeBiolatency() {
        Golden.assertMatches("hist/log2_biolatency.txt", log2(BIOLATENCY).format("usecs"));
    }

    @Test
    void anEmptyHistogramPrintsNothing() {
        assertEquals("", new Log2Histogram().format("usecs"));
        assertEquals("", new LinearHistogram(5).format("usecs"));
    }

    @Test
    void zeroIsCountedInTheFirstRow() {
        Golden.assertMatches("hist/log2_single_zero.txt", new Log2Histogram().add(0).format("nsecs"));
    }

    @Test
    void valuesBeyond32BitsWidenTheColumnsAndHalveTheBar() {
        long[][] values = {{1, 1}, {4294967295L, 1}, {4294967296L, 1}, {8589934592L, 3}, {1099511627776L, 2},
            {Long.MAX_VALUE, 1}};
        Golden.assertMatches("hist/log2_beyond_32_bits.txt", log2(values).format("nsecs"));
    }

    @Test
    void theLargest32BitValueKeepsTheNarrowColumns() {
        Golden.assertMatches("hist/log2_highest_32_bit_value.txt", log2(new long[][] {{7, 2}, {4294967295L, 1}}).format("usecs"));
    }

    @Test
    void leadingEmptySlotsCanBeStripped() {
        Golden.assertMatches("hist/log2_strip_leading_zero.txt",
                log2(new long[][] {{20, 5}, {40, 10}, {100, 37}}).format("msecs", true));
    }

    @Test
    void slotsAreBccLog2Slots() {
        assertEquals(1, Log2Histogram.slot(0));
        assertEquals(1, Log2Histogram.slot(1));
        assertEquals(2, Log2Histogram.slot(2));
        assertEquals(2, Log2Histogram.slot(3));
        assertEquals(3, Log2Histogram.slot(4));
        assertEquals(33, Log2Histogram.slot(1L << 32));
        assertEquals(63, Log2Histogram.slot(Long.MAX_VALUE));
        assertEquals(0, Log2Histogram.low(1));
        assertEquals(1, Log2Histogram.high(1));
        assertEquals(128, Log2Histogram.low(8));
        assertEquals(255, Log2Histogram.high(8));
        assertEquals(Long.MAX_VALUE, Log2Histogram.high(63));
    }

    @Test
    void addingASlotCountEqualsAddingItsValues() {
        Log2Histogram bySlot = new Log2Histogram();
        Log2Histogram byValue = log2(BIOLATENCY);
        for (int s = 1; s < Log2Histogram.SLOTS; s++) {
            bySlot.addSlot(s, byValue.count(s));
        }
        assertEquals(byValue.format("usecs"), bySlot.format("usecs"));
        assertEquals(275, bySlot.total());
    }

    @Test
    void rejectsNegativeValuesAndSlotsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new Log2Histogram().add(-1));
        assertThrows(IllegalArgumentException.class, () -> new Log2Histogram().addSlot(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Log2Histogram().addSlot(64, 1));
        assertThrows(IllegalArgumentException.class, () -> new LinearHistogram(0));
    }

    @Test
    void linearRowsRunFromTheFirstToTheLastNonEmptyBucket() {
        LinearHistogram h = new LinearHistogram(10);
        for (long v : new long[] {12, 15, 15, 37, 41, 41, 41, 41, 42, 42, 42, 43, 95, 95}) {
            h.add(v);
        }
        assertEquals(9, h.rows());
        Golden.assertMatches("hist/linear_step_10.txt", h.format("usecs"));
    }
}
