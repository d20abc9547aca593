package sonde.recorder.disk;

/**
 * One block-layer tracepoint record as a value, for tests and tools that feed a
 * {@link RequestTracker} by hand (the recorder calls its methods straight from the decoders).
 * {@code pid} is the submitting task's tgid.
 */
public record BlockEvent(Kind kind, long tsNs, long seq, int dev, long sector, long nrSector, long bytes,
                         String rwbs, String comm, int tid, int pid, boolean kernelThread, int error) {

    /** Which tracepoint it came from. */
    public enum Kind {
        /** block_io_start (or block_getrq on kernels without it): a request created in the submitter's context. */
        START,
        /** block_rq_issue: handed to the driver. */
        ISSUE,
        /** block_rq_complete: nrSector sectors done, maybe not all of the request. */
        COMPLETE,
        /** block_rq_requeue: back from the driver, to be issued again. */
        REQUEUE,
        /** block_rq_merge: this request was merged into another before issue and disappears. */
        MERGE,
        /** block_bio_frontmerge: a bio joined the front of a queued request, whose start sector moves down. */
        FRONTMERGE,
        /** block_bio_backmerge: a bio joined the end of a queued request. */
        BACKMERGE
    }

    static BlockEvent start(long ts, long seq, int dev, long sector, long bytes, String rwbs, String comm, int tid, int pid,
                            boolean kthread) {
        return new BlockEvent(Kind.START, ts, seq, dev, sector, bytes >> 9, bytes, rwbs, comm, tid, pid, kthread, 0);
    }

    static BlockEvent issue(long ts, long seq, int dev, long sector, long bytes, String rwbs, String comm, int tid, int pid,
                            boolean kthread) {
        return new BlockEvent(Kind.ISSUE, ts, seq, dev, sector, bytes >> 9, bytes, rwbs, comm, tid, pid, kthread, 0);
    }

    static BlockEvent complete(long ts, long seq, int dev, long sector, long nrSector, int error) {
        return new BlockEvent(Kind.COMPLETE, ts, seq, dev, sector, nrSector, nrSector << 9, "", "", 0, 0, false, error);
    }

    /** A bio merge (FRONTMERGE, BACKMERGE) by a submitter. */
    static BlockEvent bioMerge(Kind kind, long ts, long seq, int dev, long sector, long nrSector, String comm, int tid,
                               int pid) {
        return new BlockEvent(kind, ts, seq, dev, sector, nrSector, nrSector << 9, "", comm, tid, pid, false, 0);
    }

    static BlockEvent other(Kind kind, long ts, long seq, int dev, long sector, long nrSector) {
        return new BlockEvent(kind, ts, seq, dev, sector, nrSector, nrSector << 9, "", "", 0, 0, false, 0);
    }
}
