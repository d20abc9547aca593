package sonde.recorder.tracefs;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decoders by tracepoint id (the common_type every record starts with), shared by the readers
 * of all instances of a session (ids are global), with a count per tracepoint.
 */
public final class Handlers {
    private final Map<Integer, TracepointHandler> byId = new HashMap<>();
    private final Map<Integer, String> names = new HashMap<>();
    private final Map<Integer, long[]> counts = new HashMap<>();
    private Field commonType;
    private long unknown;
    private int source;

    public void register(EventFormat format, TracepointHandler handler) {
        if (commonType == null) {
            commonType = format.field("common_type"); // the same in every format
        }
        byId.put(format.id(), handler);
        names.put(format.id(), format.qualifiedName());
        counts.put(format.id(), new long[1]);
    }

    /** Which ring buffer (instance and CPU) the records being dispatched come from. */
    void source(int source) {
        this.source = source;
    }

    /** The ring buffer of the record being decoded: events added now belong to it. */
    public int source() {
        return source;
    }

    void dispatch(int cpu, long tsNs, ByteBuffer buf, int offset) {
        TracepointHandler h = commonType == null ? null : byId.get(commonType.getInt(buf, offset));
        if (h == null) {
            unknown++;
            return;
        }
        counts.get(commonType.getInt(buf, offset))[0]++;
        h.onEvent(cpu, tsNs, buf, offset);
    }

    /** Records decoded per tracepoint ("block:block_rq_issue" → count). */
    public Map<String, Long> counts() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((id, n) -> m.put(names.get(id), n[0]));
        return m;
    }

    /** Records of tracepoints nobody registered (should stay 0). */
    public long unknown() {
        return unknown;
    }
}
