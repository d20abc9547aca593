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
        m.add(new E(30, 0)); // cpu1 read first
        m.add(new E(50, 1));
        m.add(new E(10, 2)); // cpu0
        m.add(new E(40, 3));
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
    void countsEventsThatArriveAfterTheirWatermark() {
        EventMerger<E> m = new EventMerger<>(e -> { });
        m.releaseBefore(100);
        m.add(new E(99, 0));
        assertEquals(1, m.lateEvents());
    }
}
