package sonde.recorder.event;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EventMergerTest {
    private record E(long tsNs, long seq) implements Timed {
    }

    @Test
    void releasesInTimeOrderOnlyBelowTheWatermark() {
        List<Long> out = new ArrayList<>();
        EventMerger<E> m = new EventMerger<>(e -> out.add(e.tsNs()));
        m.add(1, new E(30, 0)); // cpu1 read first
        m.add(1, new E(50, 1));
        m.add(0, new E(10, 2)); // cpu0
        m.add(0, new E(40, 3));
        m.releaseBefore(41);
        assertEquals(List.of(10L, 30L, 40L), out);
        assertEquals(1, m.held());
        m.releaseAll();
        assertEquals(List.of(10L, 30L, 40L, 50L), out);
    }

    @Test
    void equalStampsKeepDecodeOrder() {
        List<Long> out = new ArrayList<>();
        EventMerger<E> m = new EventMerger<>(e -> out.add(e.seq()));
        m.add(new E(7, 1));
        m.add(new E(7, 0));
        m.add(new E(7, 2));
        m.releaseAll();
        assertEquals(List.of(0L, 1L, 2L), out);
    }

    @Test
    void anOutOfOrderStampWithinOneSourceIsPutInItsPlace() {
        List<Long> out = new ArrayList<>();
        EventMerger<E> m = new EventMerger<>(e -> out.add(e.tsNs()));
        m.add(0, new E(10, 0));
        m.add(0, new E(30, 1));
        m.add(0, new E(20, 2)); // nested/interrupted stamp
        m.add(2, new E(25, 3));
        m.add(5, new E(5, 4));
        m.releaseAll();
        assertEquals(List.of(5L, 10L, 20L, 25L, 30L), out);
        assertEquals(0, m.held());
    }

    @Test
    void manySourcesMergeLikeOneSort() {
        java.util.Random r = new java.util.Random(42);
        List<E> all = new ArrayList<>();
        EventMerger<E> m = new EventMerger<>(all::add);
        long[] clock = new long[64];
        for (int i = 0; i < 10_000; i++) {
            int s = r.nextInt(64);
            clock[s] += r.nextInt(1000);
            m.add(s, new E(clock[s], i));
            if (i % 1000 == 999) {
                m.releaseBefore(java.util.Arrays.stream(clock).min().getAsLong());
            }
        }
        m.releaseAll();
        assertEquals(10_000, all.size());
        for (int i = 1; i < all.size(); i++) {
            E a = all.get(i - 1);
            E b = all.get(i);
            org.junit.jupiter.api.Assertions.assertTrue(a.tsNs() < b.tsNs() || (a.tsNs() == b.tsNs() && a.seq() < b.seq()),
                    "in order at " + i);
        }
    }

    @Test
    void countsEventsThatArriveAfterTheirWatermark() {
        EventMerger<E> m = new EventMerger<>(e -> { });
        m.releaseBefore(100);
        m.add(new E(99, 0));
        assertEquals(1, m.lateEvents());
    }
}
