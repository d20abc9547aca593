package sonde.recorder.tracefs;

import java.util.Map;
import java.util.TreeMap;

/**
 * Decoders by tracepoint id (the common_type every record starts with, a u16), shared by the
 * readers of all instances of a session (ids are global), with a count per tracepoint.
 */
public final class Handlers {
    private TracepointHandler[] byId = new TracepointHandler[0];
    /** What to do as a record is read, before its turn (see {@link TracepointHandler#onRead}); mostly null. */
    private TracepointHandler[] early = new TracepointHandler[0];
    private String[] names = new String[0];
    private long[] counts = new long[0];
    private Field commonType;
    private long unknown;

    public void register(EventFormat format, TracepointHandler handler) {
        if (commonType == null) {
            commonType = format.field("common_type"); // the same in every format
        }
        int id = format.id();
        if (id < 0 || id > 0xffff) {
            throw new IllegalArgumentException("tracepoint id " + id + " of " + format.qualifiedName() + " is not a u16");
        }
        if (id >= byId.length) {
            int n = Math.max(id + 1, byId.length * 2);
            byId = java.util.Arrays.copyOf(byId, n);
            early = java.util.Arrays.copyOf(early, n);
            names = java.util.Arrays.copyOf(names, n);
            counts = java.util.Arrays.copyOf(counts, n);
        }
        if (handler instanceof TracepointHandler.WithEarly w) { // one call per event for each half, not two
            byId[id] = w.inOrder();
            early[id] = w.early();
        } else {
            byId[id] = handler;
            early[id] = handler.readsEarly() ? handler::onRead : null;
        }
        names[id] = format.qualifiedName();
    }

    private int type(byte[] buf, int offset) {
        return commonType == null ? -1 : commonType.getInt(buf, offset);
    }

    /** As the record is read. */
    void read(int cpu, long tsNs, byte[] buf, int offset) {
        int id = type(buf, offset);
        if (id >= 0 && id < early.length && early[id] != null) {
            early[id].onEvent(cpu, tsNs, buf, offset);
        }
    }

    /** In time order. */
    void dispatch(int cpu, long tsNs, byte[] buf, int offset) {
        int id = type(buf, offset);
        TracepointHandler h = id >= 0 && id < byId.length ? byId[id] : null;
        if (h == null) {
            unknown++;
            return;
        }
        counts[id]++;
        h.onEvent(cpu, tsNs, buf, offset);
    }

    /** Records decoded per tracepoint ("block:block_rq_issue" → count). */
    public Map<String, Long> counts() {
        Map<String, Long> m = new TreeMap<>();
        for (int id = 0; id < names.length; id++) {
            if (names[id] != null) {
                m.put(names[id], counts[id]);
            }
        }
        return m;
    }

    /** Records of tracepoints nobody registered (should stay 0). */
    public long unknown() {
        return unknown;
    }
}
