package sonde.recorder;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecordOptionsTest {
    @Test
    void defaultRingBufferIsDeepOnSmallHostsAndBoundedOnLargeOnes() {
        assertEquals(16, RecordOptions.defaultBufferMb(1));
        assertEquals(16, RecordOptions.defaultBufferMb(2));
        assertEquals(16, RecordOptions.defaultBufferMb(4));
        assertEquals(8, RecordOptions.defaultBufferMb(8));
        assertEquals(4, RecordOptions.defaultBufferMb(16));
        assertEquals(4, RecordOptions.defaultBufferMb(256));
    }
}
