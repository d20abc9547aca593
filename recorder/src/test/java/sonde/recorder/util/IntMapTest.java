package sonde.recorder.util;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IntMapTest {
    @Test
    void behavesLikeAHashMapUnderRandomPutsGetsAndRemoves() {
        Random r = new Random(1);
        IntMap<Integer> m = new IntMap<>(4);
        Map<Integer, Integer> ref = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            int k = r.nextInt(3000) - 1500 + (r.nextBoolean() ? 0 : Integer.MIN_VALUE / 2 * 2);
            switch (r.nextInt(3)) {
                case 0 -> assertEquals(ref.put(k, i), m.put(k, i));
                case 1 -> assertEquals(ref.remove(k), m.remove(k));
                default -> assertEquals(ref.get(k), m.get(k));
            }
            assertEquals(ref.size(), m.size());
        }
        Map<Integer, Integer> back = new HashMap<>();
        m.forEach(back::put);
        assertEquals(ref, back);
    }
}
