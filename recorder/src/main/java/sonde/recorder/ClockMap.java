package sonde.recorder;

import java.time.Instant;

/**
 * Kernel CLOCK_MONOTONIC (tracefs trace_clock "mono", and System.nanoTime on Linux) to wall
 * clock: sampled once at start, as the pair with the shortest gap between two monotonic reads.
 */
public final class ClockMap {
    private ClockMap() {
    }

    /** Wall-clock epoch ns minus monotonic ns. */
    public static long offsetNs() {
        long best = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < 7; i++) {
            long m1 = System.nanoTime();
            Instant now = Instant.now();
            long m2 = System.nanoTime();
            if (m2 - m1 < best) {
                best = m2 - m1;
                long wall = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                offset = wall - (m1 + (m2 - m1) / 2);
            }
        }
        return offset;
    }
}
