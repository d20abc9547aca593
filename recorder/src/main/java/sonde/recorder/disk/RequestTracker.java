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
    /** Queued requests by (device, sector after their last): where a back merge's bio lands. */
    private final java.util.HashMap<Long, Request> ends = new java.util.HashMap<>();
    /**
     * With starts filtered in the kernel: bios merged into requests whose creation was left out,
     * per device by sector, until the request they joined is issued (and takes those in its range).
     */
    private final java.util.Map<Integer, java.util.TreeMap<Long, Share>> waitingShares = new java.util.HashMap<>();
    private long shares;

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
            case FRONTMERGE -> frontMerge(e.tsNs(), e.dev(), e.sector(), e.nrSector(), e.tid(), e.pid(), e.comm(),
                    e.kernelThread());
            case BACKMERGE -> backMerge(e.tsNs(), e.dev(), e.sector(), e.nrSector(), e.tid(), e.pid(), e.comm(),
                    e.kernelThread());
            case MERGE -> merge(e.tsNs(), e.dev(), e.sector(), e.nrSector());
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
        r.endSector = sector + (bytes >> 9);
        ends.put(endKey(dev, r.endSector), r);
    }

    private static long endKey(int dev, long sector) {
        return sector * 4093 + dev;
    }

    /**
     * A bio of nrSector sectors joined the front: the request that started right after it now
     * starts at its sector. The submitter's bytes are its own (a share) if it is not the creator.
     */
    public void frontMerge(long ts, int dev, long sector, long nrSector, int tid, int pid, String comm,
                           boolean kernelThread) {
        Request r = queued.pop(dev, sector + nrSector);
        if (r != null) {
            r.sector = sector;
            queued.push(dev, sector, r);
            bioJoined(r, ts, sector, nrSector, tid, pid, comm, kernelThread);
        } else {
            waiting(ts, dev, sector, nrSector, tid, pid, comm, kernelThread);
        }
    }

    /** A bio of nrSector sectors at {@code sector} joined the end of the request that ended there. */
    public void backMerge(long ts, int dev, long sector, long nrSector, int tid, int pid, String comm,
                          boolean kernelThread) {
        Request r = ends.remove(endKey(dev, sector));
        if (r != null && r.issueNs < 0 && r.dev == dev && r.endSector == sector) {
            r.endSector = sector + nrSector;
            ends.put(endKey(dev, r.endSector), r);
            bioJoined(r, ts, sector, nrSector, tid, pid, comm, kernelThread);
        } else {
            waiting(ts, dev, sector, nrSector, tid, pid, comm, kernelThread);
        }
    }

    private void bioJoined(Request r, long ts, long sector, long nrSector, int tid, int pid, String comm,
                           boolean kernelThread) {
        if (pid != r.pid) {
            r.addShare(tid, pid, comm, kernelThread, sector, nrSector << 9, ts);
            shares++;
        }
    }

    /** A bio joined a request not followed (its creation left out by -c): it waits for the request's issue. */
    private void waiting(long ts, int dev, long sector, long nrSector, int tid, int pid, String comm,
                         boolean kernelThread) {
        if (startsFiltered) {
            waitingShares.computeIfAbsent(dev, d -> new java.util.TreeMap<>()).put(sector,
                    new Share(tid, pid, comm, kernelThread, sector, nrSector << 9, ts));
        }
    }

    /**
     * block_rq_merge: the request at {@code sector} (nrSector long) was merged into its neighbour
     * and disappears. Its creator's bytes and its shares go to the neighbour as shares.
     */
    public void merge(long ts, int dev, long sector, long nrSector) {
        Request b = queued.pop(dev, sector);
        if (b == null) {
            return;
        }
        merged++;
        ends.remove(endKey(dev, b.endSector), b);
        Request a = ends.remove(endKey(dev, sector)); // a ends where b began: b joins its end
        if (a != null && a.issueNs < 0 && a.dev == dev && a.endSector == sector) {
            a.endSector = b.endSector;
            ends.put(endKey(dev, a.endSector), a);
        } else {
            a = queued.pop(dev, b.endSector); // a begins where b ended: b joins its front
            if (a != null) {
                a.sector = b.sector;
                queued.push(dev, a.sector, a);
            }
        }
        long own = Math.max(0, (nrSector > 0 ? nrSector << 9 : b.bytes) - b.sharedBytes());
        if (a == null) {
            if (!b.creatorLeftOut) {
                waiting(ts, dev, b.sector, own >> 9, b.tid, b.pid, b.comm, b.kernelThread);
            }
            for (Share s = b.shares; s != null; s = s.next) {
                waiting(s.tsNs, dev, s.sector, s.bytes >> 9, s.tid, s.pid, s.comm, s.kernelThread);
            }
            return;
        }
        if (!b.creatorLeftOut && b.pid != a.pid) {
            a.addShare(b.tid, b.pid, b.comm, b.kernelThread, b.sector, own, ts);
            shares++;
        }
        for (Share s = b.shares; s != null; s = s.next) {
            if (s.pid != a.pid) {
                a.addShare(s.tid, s.pid, s.comm, s.kernelThread, s.sector, s.bytes, s.tsNs);
            }
        }
    }

    public void issue(long ts, int dev, long sector, long bytes, String rwbs, int tid, int pid, String comm,
                      boolean kernelThread) {
        Request r = pop(queued, dev, sector, ts);
        if (r != null) {
            ends.remove(endKey(dev, r.endSector), r);
        }
        if (r == null && startsFiltered) {
            Share joined = claimWaiting(dev, sector, bytes);
            if (joined == null) {
                issuedWithoutStart++; // created by a process the filter leaves out (or before recording began)
                return;
            }
            // created by a process the filter leaves out, with bios of others (the kept one's) merged in
            r = new Request();
            r.dev = dev;
            r.takeSubmitter(tid, pid, comm, kernelThread);
            r.creatorLeftOut = true;
            r.shares = joined;
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
            WritebackAttribution.Dirtier d = writeback.take(r.writingBack, Math.max(0, bytes - r.sharedBytes()));
            r.dirtier = d == null || d.pid() == r.pid ? null : d; // a thread's own dirty pages stay its own
            r.writingBack = null;
        }
        r.remaining = bytes;
        inflight.push(dev, sector, r);
    }

    /** The waiting shares inside [sector, sector + bytes), taken out, as a list; or null. */
    private Share claimWaiting(int dev, long sector, long bytes) {
        java.util.TreeMap<Long, Share> w = waitingShares.get(dev);
        if (w == null) {
            return null;
        }
        java.util.SortedMap<Long, Share> in = w.subMap(sector, sector + (bytes >> 9));
        if (in.isEmpty()) {
            return null;
        }
        Request collect = new Request();
        for (Share s : in.values()) {
            collect.addShare(s.tid, s.pid, s.comm, s.kernelThread, s.sector, s.bytes, s.tsNs);
            shares++;
        }
        in.clear();
        return collect.shares;
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
        ends.values().removeIf(r -> r.firstSeenNs() < beforeNs);
        for (java.util.TreeMap<Long, Share> w : waitingShares.values()) {
            w.values().removeIf(s -> s.tsNs < beforeNs);
        }
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

    /** Shares: bytes of one process in a request another created (each a row of its own). */
    public long shares() {
        return shares;
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
