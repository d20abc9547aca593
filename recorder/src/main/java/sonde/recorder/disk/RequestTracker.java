package sonde.recorder.disk;

import sonde.recorder.tracefs.Losses;
import sonde.recorder.writeback.WritebackAttribution;

import java.util.function.Consumer;

/**
 * Pairs block events into requests, exactly: by device and sector, first in first out when
 * several requests share a key, with partial completions advancing the key by the sectors
 * done. Events must arrive in time order. A request is handed downstream once, when its last
 * byte completes, when it is expired, when a loss left it behind (see {@link #pop}), or at
 * {@link #finish}; marked {@link Request#pairingUncertain} when events were lost, on any CPU,
 * between its first event and its completion (or at any time after its first event, when it
 * never completed). One object per request, none per event.
 */
public final class RequestTracker {
    private final RequestTable queued = new RequestTable();
    private final RequestTable inflight = new RequestTable();
    private final Consumer<Request> downstream;
    private final WritebackAttribution writeback;
    private final Losses losses;
    private long merged;
    private long endedInLoss;
    private long unmatchedCompletions;
    private long incomplete;
    private long expired;
    private boolean startsFiltered;
    private long issuedWithoutStart;

    public RequestTracker(Consumer<Request> downstream) {
        this(downstream, null, new Losses());
    }

    /**
     * @param writeback attributes requests created by flusher threads to the dirtiers, or null
     * @param losses    when the ring buffers the block events come from lost events
     */
    public RequestTracker(Consumer<Request> downstream, WritebackAttribution writeback, Losses losses) {
        this.downstream = downstream;
        this.writeback = writeback;
        this.losses = losses;
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
        Request r = pop(queued, dev, sector, ts);
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
        Request r = pop(inflight, dev, sector, ts);
        if (r == null) {
            // completed without an issue of its own, e.g. an empty flush finished by the flush machinery
            r = pop(queued, dev, sector, ts);
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
        emit(r);
    }

    /**
     * The oldest request under (dev, sector), which the event at {@code ts} belongs to. Across a
     * loss that is not sure: the oldest may be a request whose next event was lost, and left at
     * the head of its key it would take the next request's event, that one the next's, one off
     * for as long as the key is used. So while a later request waits under the same key and
     * events were lost between the oldest's last event and {@code ts}, the oldest is presumed to
     * have moved on unseen: it is handed on as it is (uncompleted), and the one that takes the
     * event is marked uncertain. Without a loss this is a plain pop.
     */
    private Request pop(RequestTable table, int dev, long sector, long ts) {
        Request r = table.pop(dev, sector);
        if (r == null || !losses.any()) {
            return r;
        }
        while (table.contains(dev, sector) && losses.between(r.lastSeenNs(), ts)) {
            endedInLoss++;
            emit(r);
            r = table.pop(dev, sector);
            r.uncertain = true;
        }
        return r;
    }

    private void emit(Request r) {
        if (!r.uncertain && losses.any()) {
            r.uncertain = losses.between(r.firstSeenNs(), r.completed() ? r.completeNs : Long.MAX_VALUE);
        }
        downstream.accept(r);
    }

    /** Hands on, uncompleted, every request first seen before {@code beforeNs}: its end was lost. */
    public void expire(long beforeNs) {
        expired += queued.drain(beforeNs, this::emit) + inflight.drain(beforeNs, this::emit);
    }

    /** Hands on every request still open (in flight when recording ended). */
    public void finish() {
        incomplete += queued.drain(Long.MAX_VALUE, this::emit) + inflight.drain(Long.MAX_VALUE, this::emit);
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

    /**
     * Requests handed on uncompleted because a later request under the same (device, sector)
     * took an event after a loss (see {@link #pop}).
     */
    public long endedInLoss() {
        return endedInLoss;
    }

    /** Requests given up on because their completion never came (lost events). */
    public long expired() {
        return expired;
    }
}
