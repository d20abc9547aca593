package sonde.recorder.testing;

import sonde.schema.DiskIo;
import sonde.schema.Recording;

import java.util.List;
import java.util.Map;

/** Rows of known content for sink tests. */
public final class Rows {
    private Rows() {
    }

    /** A completed 4 KiB write of dd (pid 100) to vda. */
    public static DiskIo disk(String recordingId, long seq) {
        return new DiskIo(recordingId, seq, 1_000L, 2_000L, 3_000L, 1_000L, 1_000L, 253 << 20, 253, 0, "vda", 8L, 4096L, "W",
                "W", 0, 100, 100, "dd", false, 0, 1, null, null, null, null, false, false);
    }

    public static Recording recording(String id, Map<String, Long> eventCounts) {
        return new Recording(id, "0", "k", 1, 1, "record", Map.of(), List.of(), 0L, 1L, 0L, "mono", eventCounts, List.of(), 0L,
                Map.of(), List.of(), "duration");
    }
}
