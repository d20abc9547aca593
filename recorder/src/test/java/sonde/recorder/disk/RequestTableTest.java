package sonde.recorder.disk;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class RequestTableTest {
    private record Key(int dev, long sector) {
    }

    @Test
    void keepsFirstInFirstOutPerKeyLikeAMapOfQueues() {
        Random r = new Random(9);
        RequestTable t = new RequestTable();
        Map<Key, ArrayDeque<Request>> ref = new HashMap<>();
        long now = 0;
        for (int i = 0; i < 100_000; i++) {
            Key k = new Key(r.nextInt(3), r.nextInt(400) * 8L);
            if (r.nextInt(5) < 3) {
                Request q = new Request();
                q.startNs = now++;
                t.push(k.dev(), k.sector(), q);
                ref.computeIfAbsent(k, x -> new ArrayDeque<>()).addLast(q);
            } else {
                ArrayDeque<Request> d = ref.get(k);
                Request expected = d == null ? null : d.pollFirst();
                if (d != null && d.isEmpty()) {
                    ref.remove(k);
                }
                assertSame(expected, t.pop(k.dev(), k.sector()));
            }
            if (i % 10_000 == 9_999) {
                long before = now - 500;
                List<Request> drained = new ArrayList<>();
                long n = t.drain(before, drained::add);
                long expected = 0;
                for (ArrayDeque<Request> d : ref.values()) {
                    while (!d.isEmpty() && d.peekFirst().firstSeenNs() < before) {
                        d.pollFirst();
                        expected++;
                    }
                }
                ref.values().removeIf(ArrayDeque::isEmpty);
                assertEquals(expected, n);
                assertEquals(expected, drained.size());
            }
            assertEquals(ref.values().stream().mapToInt(ArrayDeque::size).sum(), t.size());
        }
    }
}
