package sonde.recorder.tracefs;

import java.nio.ByteBuffer;

/** Decodes the records of one tracepoint. The buffer is reused once the call returns. */
@FunctionalInterface
public interface TracepointHandler {
    /**
     * @param tsNs   kernel CLOCK_MONOTONIC ns (trace_clock mono)
     * @param event  offset of the record's first byte (its common_type) in {@code buf}
     */
    void onEvent(int cpu, long tsNs, ByteBuffer buf, int event);
}
