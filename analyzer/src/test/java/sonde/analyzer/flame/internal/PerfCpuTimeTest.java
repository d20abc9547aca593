package sonde.analyzer.flame.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PerfCpuTimeTest {
    private static PerfCpuTime of(String line) {
        return PerfCpuTime.parse(line, PerfHeader.parse(line));
    }

    @Test
    void readsTheCpuAndTheTimeAfterTheIds() {
        assertEquals(new PerfCpuTime(3, 4_794_564_109_216_000L), of("java 24636/25607 [003] 4794564.109216: 1 cycles:"));
        assertEquals(new PerfCpuTime(0, 1_234_500_000_000L), of("swapper     0 [000]  1234.500000: cpu-clock:"));
        assertEquals(new PerfCpuTime(-1, 666_709_771_979_000L), of("dd 29776 666709.771979:   10101010 cpu-clock: "));
        assertEquals(new PerfCpuTime(-1, 12_000_000_001L), of("V8 WorkerThread 25607 12.000000001: 1 cycles:"), "--ns");
        assertEquals(new PerfCpuTime(1, 1_700_000_000_123_456_000L), of("a1 7 [001] 1700000000.123456: cpu-clock:"), "-k realtime");
    }

    @Test
    void leavesOutWhatIsNotThere() {
        assertEquals(new PerfCpuTime(-1, -1), of("java 19983 cycles:"));
        assertEquals(new PerfCpuTime(2, -1), of("java 19983 [002] cycles:"));
        assertEquals(new PerfCpuTime(-1, -1), of("kworker/0:1 12 1.5:x cycles:"), "a time must end at a blank");
        assertEquals(new PerfCpuTime(-1, -1), of("ab 1 [9999999999] 1. cycles:"), "a CPU past an int; no fraction");
        assertEquals(new PerfCpuTime(-1, -1), of("ab 1 99999999999999999.5: cycles:"), "seconds past a long of ns");
    }
}
