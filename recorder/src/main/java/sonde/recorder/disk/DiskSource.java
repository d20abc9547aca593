package sonde.recorder.disk;

import sonde.recorder.host.Tasks;
import sonde.recorder.tracefs.TraceSession;
import sonde.recorder.writeback.WritebackAttribution;
import sonde.recorder.writeback.WritebackTracepoints;

import java.util.function.Consumer;

/**
 * Block I/O from a trace session: the block tracepoints, decoded in time order across CPUs, and
 * request pairing. Finished requests go to the consumer in completion order.
 */
public final class DiskSource {
    /** Requests older than this whose completion never came are given up on (their events were lost). */
    static final long EXPIRE_AFTER_NS = 60_000_000_000L;

    private final BlockTracepoints tracepoints;
    private final RequestTracker tracker;
    private long lastExpire = Long.MIN_VALUE;

    private DiskSource(BlockTracepoints tracepoints, RequestTracker tracker) {
        this.tracepoints = tracepoints;
        this.tracker = tracker;
    }

    /**
     * @param dev  whole-disk device (kernel encoding) or -1 for all
     * @param comm command name filter at request creation, or null
     */
    public static DiskSource enable(TraceSession session, int dev, String comm, Tasks tasks, Consumer<Request> out) {
        return enable(session, dev, comm, tasks, out, false);
    }

    /** @param attributeWriteback also trace page dirtying and writeback, to attribute flusher I/O to dirtiers */
    public static DiskSource enable(TraceSession session, int dev, String comm, Tasks tasks, Consumer<Request> out,
                                    boolean attributeWriteback) {
        WritebackAttribution wb = null;
        if (attributeWriteback) {
            wb = new WritebackAttribution(tasks);
            WritebackTracepoints.enable(session, tasks, wb);
        }
        RequestTracker tracker = new RequestTracker(out, wb, session.losses(session.instance()));
        BlockTracepoints tp = BlockTracepoints.enable(session, dev, comm, tasks, attributeWriteback, tracker);
        return new DiskSource(tp, tracker);
    }

    /** Called after each poll: now and then expires requests that can no longer finish. */
    public void advance(long watermark) {
        if (watermark - lastExpire > 1_000_000_000L) {
            tracker.expire(watermark - EXPIRE_AFTER_NS);
            lastExpire = watermark;
        }
    }

    /** After the session was drained: every open request, uncompleted. */
    public void finish() {
        tracker.finish();
    }

    public RequestTracker tracker() {
        return tracker;
    }

    public String startTracepoint() {
        return tracepoints.startTracepoint();
    }
}
