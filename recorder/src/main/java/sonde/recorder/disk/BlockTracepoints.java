package sonde.recorder.disk;

import sonde.recorder.host.Tasks;
import sonde.recorder.tracefs.EventFormat;
import sonde.recorder.tracefs.Field;
import sonde.recorder.tracefs.TraceInstance;
import sonde.recorder.tracefs.TraceSession;


/**
 * The block-layer tracepoints of a recording: enabled in the instance with their kernel-side
 * filters, and decoded by field name from their format files into {@link BlockEvent}s.
 * block_io_start fires in the submitting task's context (6.5+); older kernels fall back to
 * block_getrq, which fires there too.
 */
public final class BlockTracepoints {
    private final Tasks tasks;
    private final TraceSession session;
    private final EventFormat start;
    private final EventFormat issue;
    private final EventFormat complete;
    private final EventFormat requeue;
    private final EventFormat merge;
    private final EventFormat frontMerge;
    private final Field commonPid;

    private BlockTracepoints(TraceSession session, Tasks tasks) {
        TraceInstance in = session.instance();
        this.tasks = tasks;
        this.session = session;
        this.start = in.hasEvent("block", "block_io_start") ? in.format("block", "block_io_start")
                : in.format("block", "block_getrq");
        this.issue = in.format("block", "block_rq_issue");
        this.complete = in.format("block", "block_rq_complete");
        this.requeue = in.format("block", "block_rq_requeue");
        this.merge = in.format("block", "block_rq_merge");
        this.frontMerge = in.format("block", "block_bio_frontmerge");
        this.commonPid = issue.field("common_pid");
    }

    /**
     * Enables the block tracepoints in {@code instance}.
     *
     * @param dev  whole-disk device to keep (kernel encoding), or -1 for all
     * @param comm command name to keep at request creation, or null (pushed into the kernel
     *             only when it needs no quoting)
     */
    static BlockTracepoints enable(TraceSession session, int dev, String comm, Tasks tasks, boolean keepFlushers) {
        BlockTracepoints b = new BlockTracepoints(session, tasks);
        TraceInstance instance = session.instance();
        String devFilter = dev < 0 ? null : "dev == " + dev;
        String startFilter = devFilter;
        if (comm != null && comm.matches("[A-Za-z0-9_.:/+ -]{1,15}")) {
            // flusher threads' requests are kept for attribution to the dirtier
            String who = "comm == \"" + comm + "\"" + (keepFlushers ? " || comm ~ \"kworker/*\"" : "");
            startFilter = (devFilter == null ? "" : devFilter + " && ") + "(" + who + ")";
        }
        instance.enable(b.start, startFilter);
        instance.enable(b.frontMerge, devFilter);
        instance.enable(b.merge, devFilter);
        instance.enable(b.issue, devFilter);
        instance.enable(b.requeue, devFilter);
        instance.enable(b.complete, devFilter);
        b.register(session);
        return b;
    }

    void register(TraceSession reader) {
        Field dev = start.field("dev");
        Field sector = start.field("sector");
        Field nrSector = start.field("nr_sector");
        Field startBytes = start.has("bytes") ? start.field("bytes") : null;
        Field rwbs = start.field("rwbs");
        Field comm = start.field("comm");
        reader.register(start, (cpu, ts, b, e) -> {
            long bytes = startBytes != null ? startBytes.getLong(b, e) : nrSector.getLong(b, e) << 9;
            emitSubmitter(BlockEvent.Kind.START, ts, dev.getInt(b, e), sector.getLong(b, e), bytes,
                    rwbs.getString(b, e), comm.getString(b, e), commonPid.getInt(b, e));
        });
        Field iDev = issue.field("dev");
        Field iSector = issue.field("sector");
        Field iBytes = issue.field("bytes");
        Field iRwbs = issue.field("rwbs");
        Field iComm = issue.field("comm");
        reader.register(issue, (cpu, ts, b, e) -> emitSubmitter(BlockEvent.Kind.ISSUE, ts, iDev.getInt(b, e),
                iSector.getLong(b, e), iBytes.getLong(b, e), iRwbs.getString(b, e), iComm.getString(b, e),
                commonPid.getInt(b, e)));
        Field cDev = complete.field("dev");
        Field cSector = complete.field("sector");
        Field cNr = complete.field("nr_sector");
        Field cError = complete.field("error");
        reader.register(complete, (cpu, ts, b, e) -> emit(BlockEvent.complete(ts, session.nextSeq(), cDev.getInt(b, e),
                cSector.getLong(b, e), cNr.getLong(b, e), cError.getInt(b, e))));
        registerOther(reader, requeue, BlockEvent.Kind.REQUEUE);
        registerOther(reader, merge, BlockEvent.Kind.MERGE);
        registerOther(reader, frontMerge, BlockEvent.Kind.FRONTMERGE);
    }

    private void registerOther(TraceSession reader, EventFormat f, BlockEvent.Kind kind) {
        Field dev = f.field("dev");
        Field sector = f.field("sector");
        Field nr = f.field("nr_sector");
        reader.register(f, (cpu, ts, b, e) -> emit(BlockEvent.other(kind, ts, session.nextSeq(), dev.getInt(b, e),
                sector.getLong(b, e), nr.getLong(b, e))));
    }

    private void emitSubmitter(BlockEvent.Kind kind, long ts, int dev, long sector, long bytes, String rwbs,
                               String comm, int tid) {
        Tasks.Task t = tasks.lookup(tid, comm);
        BlockEvent e = kind == BlockEvent.Kind.START
                ? BlockEvent.start(ts, session.nextSeq(), dev, sector, bytes, rwbs, comm, tid, t.tgid(), t.kernelThread())
                : BlockEvent.issue(ts, session.nextSeq(), dev, sector, bytes, rwbs, comm, tid, t.tgid(), t.kernelThread());
        emit(e);
    }

    private void emit(BlockEvent e) {
        session.add(e);
    }

    /** The tracepoint used for request creation (block:block_io_start, or block:block_getrq). */
    public String startTracepoint() {
        return start.qualifiedName();
    }
}
