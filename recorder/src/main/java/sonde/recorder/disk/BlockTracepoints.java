package sonde.recorder.disk;

import sonde.recorder.host.Tasks;
import sonde.recorder.tracefs.EventFormat;
import sonde.recorder.tracefs.Field;
import sonde.recorder.tracefs.TraceInstance;
import sonde.recorder.tracefs.TraceSession;
import sonde.recorder.tracefs.TracepointHandler;

/**
 * The block-layer tracepoints of a recording: enabled in the instance with their kernel-side
 * filters, and decoded by field name from their format files straight into the
 * {@link RequestTracker}, in time order. The submitting task is looked up as soon as its record
 * is read, while /proc most likely still has it.
 * block_io_start fires in the submitting task's context (6.5+); older kernels fall back to
 * block_getrq, which fires there too.
 */
public final class BlockTracepoints {
    private final Tasks tasks;
    private final EventFormat start;
    private final EventFormat issue;
    private final EventFormat complete;
    private final EventFormat requeue;
    private final EventFormat merge;
    private final EventFormat frontMerge;
    private final EventFormat backMerge;
    private final Field commonPid;

    private BlockTracepoints(TraceSession session, Tasks tasks) {
        TraceInstance in = session.instance();
        this.tasks = tasks;
        this.start = in.hasEvent("block", "block_io_start") ? in.format("block", "block_io_start")
                : in.format("block", "block_getrq");
        this.issue = in.format("block", "block_rq_issue");
        this.complete = in.format("block", "block_rq_complete");
        this.requeue = in.format("block", "block_rq_requeue");
        this.merge = in.format("block", "block_rq_merge");
        this.frontMerge = in.format("block", "block_bio_frontmerge");
        this.backMerge = in.format("block", "block_bio_backmerge");
        this.commonPid = issue.field("common_pid");
    }

    /**
     * Enables the block tracepoints in {@code instance}.
     *
     * @param dev  whole-disk device to keep (kernel encoding), or -1 for all
     * @param comm command name to keep at request creation, or null (pushed into the kernel
     *             only when it needs no quoting)
     */
    static BlockTracepoints enable(TraceSession session, int dev, String comm, Tasks tasks, boolean keepFlushers,
                                   RequestTracker tracker) {
        BlockTracepoints b = new BlockTracepoints(session, tasks);
        TraceInstance instance = session.instance();
        String devFilter = dev < 0 ? null : "dev == " + dev;
        String startFilter = devFilter;
        if (comm != null && comm.matches("[A-Za-z0-9_.:/+ -]{1,15}")) {
            // flusher threads' requests are kept for attribution to the dirtier
            String who = "comm == \"" + comm + "\"" + (keepFlushers ? " || comm ~ \"kworker/*\"" : "");
            startFilter = (devFilter == null ? "" : devFilter + " && ") + "(" + who + ")";
            tracker.startsFilteredInKernel();
        }
        instance.enable(b.start, startFilter);
        // bio merges unfiltered by -c: the kept process's bios merged into others' requests are its bytes
        instance.enable(b.frontMerge, devFilter);
        instance.enable(b.backMerge, devFilter);
        instance.enable(b.merge, devFilter);
        instance.enable(b.issue, devFilter);
        instance.enable(b.requeue, devFilter);
        instance.enable(b.complete, devFilter);
        b.register(session, tracker);
        return b;
    }

    void register(TraceSession reader, RequestTracker tracker) {
        Field dev = start.field("dev");
        Field sector = start.field("sector");
        Field nrSector = start.field("nr_sector");
        Field startBytes = start.has("bytes") ? start.field("bytes") : null;
        Field rwbs = start.field("rwbs");
        Field comm = start.field("comm");
        reader.register(start, TracepointHandler.withEarly((cpu, ts, b, e) -> {
            String name = comm.getString(b, e);
            int tid = commonPid.getInt(b, e);
            Tasks.Task t = tasks.lookup(tid, name);
            long bytes = startBytes != null ? startBytes.getLong(b, e) : nrSector.getLong(b, e) << 9;
            tracker.start(ts, dev.getInt(b, e), sector.getLong(b, e), bytes, rwbs.getString(b, e), tid, t.tgid(), name,
                    t.kernelThread());
        }, (cpu, ts, b, e) -> tasks.prefetch(commonPid.getInt(b, e))));
        Field iDev = issue.field("dev");
        Field iSector = issue.field("sector");
        Field iBytes = issue.field("bytes");
        Field iRwbs = issue.field("rwbs");
        Field iComm = issue.field("comm");
        reader.register(issue, TracepointHandler.withEarly((cpu, ts, b, e) -> {
            String name = iComm.getString(b, e);
            int tid = commonPid.getInt(b, e);
            Tasks.Task t = tasks.lookup(tid, name);
            tracker.issue(ts, iDev.getInt(b, e), iSector.getLong(b, e), iBytes.getLong(b, e), iRwbs.getString(b, e), tid,
                    t.tgid(), name, t.kernelThread());
        }, (cpu, ts, b, e) -> tasks.prefetch(commonPid.getInt(b, e))));
        Field cDev = complete.field("dev");
        Field cSector = complete.field("sector");
        Field cNr = complete.field("nr_sector");
        Field cError = complete.field("error");
        reader.register(complete, (cpu, ts, b, e) -> tracker.complete(ts, cDev.getInt(b, e), cSector.getLong(b, e),
                cNr.getLong(b, e), cError.getInt(b, e)));
        Field rDev = requeue.field("dev");
        Field rSector = requeue.field("sector");
        reader.register(requeue, (cpu, ts, b, e) -> tracker.requeue(rDev.getInt(b, e), rSector.getLong(b, e)));
        Field mDev = merge.field("dev");
        Field mSector = merge.field("sector");
        Field mNr = merge.field("nr_sector");
        reader.register(merge, (cpu, ts, b, e) -> tracker.merge(ts, mDev.getInt(b, e), mSector.getLong(b, e),
                mNr.getLong(b, e)));
        registerBioMerge(reader, frontMerge, tracker::frontMerge);
        registerBioMerge(reader, backMerge, tracker::backMerge);
    }

    /** What a bio merge tells: the bio (device, sector, size) and who submitted it. */
    private interface BioMerge {
        void merged(long ts, int dev, long sector, long nrSector, int tid, int pid, String comm, boolean kernelThread);
    }

    private void registerBioMerge(TraceSession reader, EventFormat f, BioMerge to) {
        Field dev = f.field("dev");
        Field sector = f.field("sector");
        Field nr = f.field("nr_sector");
        Field comm = f.field("comm");
        Field pid = f.field("common_pid");
        reader.register(f, TracepointHandler.withEarly((cpu, ts, b, e) -> {
            String name = comm.getString(b, e);
            int tid = pid.getInt(b, e);
            Tasks.Task t = tasks.lookup(tid, name);
            to.merged(ts, dev.getInt(b, e), sector.getLong(b, e), nr.getLong(b, e), tid, t.tgid(), name, t.kernelThread());
        }, (cpu, ts, b, e) -> tasks.prefetch(pid.getInt(b, e))));
    }

    /** The tracepoint used for request creation (block:block_io_start, or block:block_getrq). */
    public String startTracepoint() {
        return start.qualifiedName();
    }
}
