package sonde.recorder;

import org.junit.jupiter.api.Test;
import sonde.recorder.cli.UsageException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void ringBuffersAreCappedByTheHostsMemory() {
        // 2 instances x 4 CPUs x 512 MiB = 4 GiB, a quarter of 16 GiB: allowed; 513 is not
        assertEquals(512, RecordOptions.bufferMb(RecordOptions.SPEC.parse(new String[] {"--buffer-mb", "512"}), 4, 16_384));
        UsageException e = assertThrows(UsageException.class,
                () -> RecordOptions.bufferMb(RecordOptions.SPEC.parse(new String[] {"--buffer-mb", "513"}), 4, 16_384));
        assertTrue(e.getMessage().contains("4104 MiB of kernel memory") && e.getMessage().endsWith("use at most 512"),
                e.getMessage());
    }

    @Test
    void askingJvmsForTheirMapsNeedsProfiling() {
        String[] disk = {"--disk", "--jvm-perfmap"};
        UsageException e = assertThrows(UsageException.class, () -> RecordOptions.parse(disk, RecordOptions.SPEC.parse(disk)));
        assertEquals("--jvm-perfmap names Java frames of CPU samples: add --profile", e.getMessage());
        String[] profile = {"--profile", "--jvm-perfmap"};
        RecordOptions o = RecordOptions.parse(profile, RecordOptions.SPEC.parse(profile));
        assertTrue(o.jvmPerfmap());
        assertEquals("true", o.effective().get("jvm_perfmap"));
        String[] all = {"--jvm-perfmap"};
        assertTrue(RecordOptions.parse(all, RecordOptions.SPEC.parse(all)).profileHz() > 0, "every kind, profile too");
    }
}
