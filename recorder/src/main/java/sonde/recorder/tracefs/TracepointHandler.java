package sonde.recorder.tracefs;

/**
 * Decodes the records of one tracepoint, in time order across all CPUs. The buffer is reused
 * once a call returns.
 */
@FunctionalInterface
public interface TracepointHandler {
    /**
     * A record, in time order: called once every CPU's buffer has been read past its time stamp.
     *
     * @param tsNs  kernel CLOCK_MONOTONIC ns (trace_clock mono)
     * @param event offset of the record's first byte (its common_type) in {@code buf}
     */
    void onEvent(int cpu, long tsNs, byte[] buf, int event);

    /**
     * The same record as soon as it is read, before its turn in time order (which may be a few
     * milliseconds later): the moment to look up what may soon be gone (a task in /proc).
     */
    default void onRead(int cpu, long tsNs, byte[] buf, int event) {
    }

    /** Whether {@link #onRead} does anything (most handlers only decode in time order). */
    default boolean readsEarly() {
        return false;
    }

    /** A handler that also does {@code early} as soon as the record is read. */
    static TracepointHandler withEarly(TracepointHandler inOrder, TracepointHandler early) {
        return new WithEarly(inOrder, early);
    }

    /** Two handlers, taken apart again by {@link Handlers} so that each event costs one call, not two. */
    record WithEarly(TracepointHandler inOrder, TracepointHandler early) implements TracepointHandler {
        @Override
        public void onEvent(int cpu, long tsNs, byte[] buf, int event) {
            inOrder.onEvent(cpu, tsNs, buf, event);
        }

        @Override
        public void onRead(int cpu, long tsNs, byte[] buf, int event) {
            early.onEvent(cpu, tsNs, buf, event);
        }

        @Override
        public boolean readsEarly() {
            return true;
        }
    }
}
