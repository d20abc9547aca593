package sonde.recorder.disk;

import sonde.recorder.writeback.WritebackAttribution;

import java.util.function.Consumer;

/**
 * Pairs block events into requests, exactly: by device and sector, first in first out when
 * several requests share a key, with partial completions advancing the key by the sectors
 * done. Events must arrive in time order. A request is handed downstream once, when its last
 * byte completes, when it is expired, or at {@link #finish}. One object per request, none per
 * event.
 */
public final class RequestTracker {
    private final RequestTable queued = new RequestTable();
    private final RequestTable inflight = new RequestTable();
    private final Consumer<Request> downstream;
    private final WritebackAttribution writeback;
    private long merged;
    private long unmatchedCompletions;
    private long incomplete;
    private long expired;
    private boolean startsFiltered;
    private long issuedWithoutStart;

    public RequestTracker(Consumer<Request> downstream) {
        this(downstream, null);
    }

    /** @param writeback attributes requests created by flusher threads to the dirtiers, or null */
    public RequestTracker(Consumer<Request> downstream, WritebackAttribution writeback) {
        this.downstream = downstream;
        this.writeback = writeback;
    }

    /**
     * The kernel keeps only some processes' request creations (-c): a request issued without a
     * creation seen is another process's (it may be dispatched in a kept process's context, from
     * its plug or the queue run), and is left out rather than given to the dispatcher.
     */
    public void startsFilteredInKernel() {
        startsFiltered = true;
    }

    /** One decoded event (tests and tools; the recorder calls the methods below directly). */
    public void onEvent(BlockEvent e) {
        switch (e.kind()) {
            case START -> start(e.tsNs(), e.dev(), e.sector(), e.bytes(), e.rwbs(), e.tid(), e.pid(), e.comm(),
                    e.kernelThread());
            case FRONTMERGE -> frontMerge(e.dev(), e.sector(), e.nrSector());
            case MERGE -> merge(e.dev(), e.sector());
            case ISSUE -> issue(e.tsNs(), e.dev(), e.sector(), e.bytes(), e.rwbs(), e.tid(), e.pid(), e.comm(),
                    e.kernelThread());
            case REQUEUE -> requeue(e.dev(), e.sector());
            case COMPLETE -> complete(e.tsNs(), e.dev(), e.sector(), e.nrSector(), e.error());
            default -> throw new IllegalArgumentException("unknown block event " + e.kind());
        }
    }

    /** block_io_start: a request created in the submitter's context. */
    public void start(long ts, int dev, long sector, long bytes, String rwbs, int tid, int pid, String comm,
                      boolean kernelThread) {
        Request r = new Request();
        r.dev = dev;
        r.sector = sector;
        r.bytes = bytes;
        r.rwbs = rwbs;
        r.startNs = ts;
        r.takeSubmitter(tid, pid, comm, kernelThread);
        if (writeback != null && kernelThread) {
            r.writingBack = writeback.writingBack(tid); // its dirty pages are taken at issue, by its final size
        }
        queued.push(dev, sector, r);
    }

    /** A bio of nrSector sectors joined the front: the request that started right after it now starts at its sector. */
    public void frontMerge(int dev, long sector, long nrSector) {
        Request r = queued.pop(dev, sector + nrSector);
        if (r != null) {
            r.sector = sector;
            queued.push(dev, sector, r);
        }
    }

    public void merge(int dev, long sector) {
        if (queued.pop(dev, sector) != null) {
            merged++;
        }
    }

    public void issue(long ts, int dev, long sector, long bytes, String rwbs, int tid, int pid, String comm,
                      boolean kernelThread) {
        Request r = queued.pop(dev, sector);
        if (r == null && startsFiltered) {
            issuedWithoutStart++; // created by a process the filter leaves out (or before recording began)
            return;
        }
        if (r == null) {
            // created before recording began (or its start was lost): the issuer is the best we know
            r = new Request();
            r.dev = dev;
            r.takeSubmitter(tid, pid, comm, kernelThread);
        }
        r.sector = sector;
        r.bytes = bytes;
        r.rwbs = rwbs;
        r.issueNs = ts;
        if (r.writingBack != null) {
            WritebackAttribution.Dirtier d = writeback.take(r.writingBack, bytes);
            r.dirtier = d == null || d.pid() == r.pid ? null : d; // a thread's own dirty pages stay its own
            r.writingBack = null;
        }
        r.remaining = bytes;
        inflight.push(dev, sector, r);
    }

    public void requeue(int dev, long sector) {
        Request r = inflight.pop(dev, sector);
        if (r != null) {
            r.requeues++;
            queued.push(dev, sector, r);
        }
    }

    public void complete(long ts, int dev, long sector, long nrSector, int error) {
        Request r = inflight.pop(dev, sector);
        if (r == null) {
            // completed without an issue of its own, e.g. an empty flush finished by the flush machinery
            r = queued.pop(dev, sector);
            if (r == null) {
                unmatchedCompletions++;
                return;
            }
        }
        r.partials++;
        long done = nrSector << 9;
        if (done > 0 && done < r.remaining) {
            r.remaining -= done;
            inflight.push(dev, sector + nrSector, r);
            return;
        }
        r.remaining = 0;
        r.completeNs = ts;
        r.error = error;
        downstream.accept(r);
    }

    /** Hands on, uncompleted, every request first seen before {@code beforeNs}: its end was lost. */
    public void expire(long beforeNs) {
        expired += queued.drain(beforeNs, downstream) + inflight.drain(beforeNs, downstream);
    }

    /** Hands on every request still open (in flight when recording ended). */
    public void finish() {
        incomplete += queued.drain(Long.MAX_VALUE, downstream) + inflight.drain(Long.MAX_VALUE, downstream);
    }

    /** Requests open now (queued or in flight). */
    public int open() {
        return queued.size() + inflight.size();
    }

    /** Requests issued whose creation the kernel's filter left out: not the filtered process's, not recorded. */
    public long issuedWithoutStart() {
        return issuedWithoutStart;
    }

    /** The writeback attribution, or null without it. */
    public WritebackAttribution writeback() {
        return writeback;
    }

    public long merged() {
        return merged;
    }

    public long unmatchedCompletions() {
        return unmatchedCompletions;
    }

    /** Requests without a completion when recording ended. */
    public long incomplete() {
        return incomplete;
    }

    /** Requests given up on because their completion never came (lost events). */
    public long expired() {
        return expired;
    }
}
