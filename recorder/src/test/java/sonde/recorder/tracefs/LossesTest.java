package sonde.recorder.tracefs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossesTest {
    @Test
    void nothingLostMeansNothingBetweenAnyTwoTimes() {
        Losses l = new Losses();
        assertFalse(l.any());
        assertFalse(l.between(Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void aSpanIsBetweenTwoTimesWhenTheyOverlapEndsIncluded() {
        Losses l = new Losses();
        l.add(100, 200);
        assertTrue(l.between(150, 160), "inside");
        assertTrue(l.between(50, 100), "touching its start");
        assertTrue(l.between(200, 300), "touching its end");
        assertTrue(l.between(0, 1000), "around it");
        assertFalse(l.between(0, 99));
        assertFalse(l.between(201, 1000));
    }

    @Test
    void overlappingSpansOfSeveralCpusJoinAndSeparateOnesStaySeparate() {
        Losses l = new Losses();
        l.add(500, 600);
        l.add(100, 200);
        l.add(150, 300); // another CPU's, overlapping the first
        l.add(900, 950);
        l.add(250, 520); // joins 100-300 and 500-600
        assertTrue(l.between(310, 320));
        assertFalse(l.between(601, 899));
        assertTrue(l.between(940, 2000));
        assertFalse(l.between(951, 2000));
        assertEquals(5, l.flagged());
    }

    @Test
    void aSpanGivenBackwardsIsTakenInOrder() {
        Losses l = new Losses();
        l.add(200, 100);
        assertTrue(l.between(150, 150));
    }

    @Test
    void atItsBoundTheClosestSpansJoinSoNoLossIsEverForgotten() {
        Losses l = new Losses();
        int n = Losses.MAX_SPANS + 100;
        for (int i = 0; i < n; i++) {
            // spans 10 apart, except one gap of 1000 after span 2000 that no join should need to cover
            long at = i * 10L + (i > 2000 ? 1000 : 0);
            l.add(at, at + 2);
        }
        for (int i = 0; i < n; i++) {
            long at = i * 10L + (i > 2000 ? 1000 : 0);
            assertTrue(l.between(at + 1, at + 1), "span " + i);
        }
        assertFalse(l.between(2000 * 10L + 500, 2000 * 10L + 600), "the widest gap stays a gap");
    }
}
