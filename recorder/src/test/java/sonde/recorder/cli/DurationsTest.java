package sonde.recorder.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationsTest {
    @Test
    void parsesTheUnitsUsersType() {
        assertEquals(10_000_000_000L, Durations.parseNs("--duration", "10s"));
        assertEquals(10_000_000_000L, Durations.parseNs("--duration", "10"));
        assertEquals(500_000_000L, Durations.parseNs("--duration", "500ms"));
        assertEquals(120_000_000_000L, Durations.parseNs("--duration", "2m"));
        assertEquals(3_600_000_000_000L, Durations.parseNs("--duration", "1h"));
        assertEquals(1_500_000_000L, Durations.parseNs("--duration", "1.5s"));
    }

    @Test
    void rejectsNegativeZeroAndGarbageNamingTheValue() {
        for (String bad : new String[] {"-5s", "0", "0s", "ten", "5 parsecs", "", "1y"}) {
            UsageException e = assertThrows(UsageException.class, () -> Durations.parseNs("--duration", bad), bad);
            assertTrue(e.getMessage().startsWith("bad --duration '" + bad + "'"), e.getMessage());
        }
    }
}
