package sonde.recorder.disk;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

import sonde.recorder.writeback.WritebackAttribution;

/**
 * Pairs block events into requests, exactly: by device and sector, first in first out when
 * several requests share a key, with partial completions advancing the key by the sectors
 * done. Events must arrive in time order (see EventMerger). A request is handed downstream once,
 * when its last byte completes, when it is expired, or at {@link #finish}.
 */
public final class RequestTracker {
    private record Key(int dev, long sector) {
    }

    private final Map<Key, ArrayDeque<Request>> queued = new HashMap<>();
    private final Map<Key, ArrayDeque<Request>> inflight = new HashMap<>();
    private final Consumer<Request> downstream;
    private final WritebackAttribution writeback;
    private long merged;
    private long unmatchedCompletions;
    private long incomplete;
    private long expired;
    private int size;

    public RequestTracker(Consumer<Request> downstream) {
        this(downstream, null);
    }

    /** @param writeback attributes requests created by flusher threads to the dirtiers, or null */
    public RequestTracker(Consumer<Request> downstream, WritebackAttribution writeback) {
        this.downstream = downstream;
        this.writeback = writeback;
    }

    public void onEvent(BlockEvent e) {
        switch (e.kind()) {
            case START -> start(e);
            case FRONTMERGE -> frontMerge(e);
            case MERGE -> merge(e);
            case ISSUE -> issue(e);
            case REQUEUE -> requeue(e);
            case COMPLETE -> complete(e);
            default -> throw new IllegalArgumentException("unknown block event " + e.kind());
        }
    }

    private void start(BlockEvent e) {
        Request r = new Request();
        r.dev = e.dev();
        r.sector = e.sector();
        r.bytes = e.bytes();
        r.rwbs = e.rwbs();
        r.startNs = e.tsNs();
        r.takeSubmitter(e);
        if (writeback != null && e.kernelThread()) {
            WritebackAttribution.Dirtier d = writeback.attribute(e.tid());
            r.dirtier = d == null || d.pid() == e.pid() ? null : d; // a thread's own dirty pages stay its own
        }
        push(queued, new Key(e.dev(), e.sector()), r);
    }

    /** A bio of nrSector sectors joined the front: the request that started right after it now starts at its sector. */
    private void frontMerge(BlockEvent e) {
        Request r = pop(queued, new Key(e.dev(), e.sector() + e.nrSector()));
        if (r != null) {
            r.sector = e.sector();
            push(queued, new Key(e.dev(), e.sector()), r);
        }
    }

    private void merge(BlockEvent e) {
        if (pop(queued, new Key(e.dev(), e.sector())) != null) {
            merged++;
        }
    }

    private void issue(BlockEvent e) {
        Key key = new Key(e.dev(), e.sector());
        Request r = pop(queued, key);
        if (r == null) {
            // created before recording began (or its start was lost): the issuer is the best we know
            r = new Request();
            r.dev = e.dev();
            r.takeSubmitter(e);
        }
        r.sector = e.sector();
        r.bytes = e.bytes();
        r.rwbs = e.rwbs();
        r.issueNs = e.tsNs();
        r.remaining = e.bytes();
        push(inflight, key, r);
    }

    private void requeue(BlockEvent e) {
        Key key = new Key(e.dev(), e.sector());
        Request r = pop(inflight, key);
        if (r != null) {
            r.requeues++;
            push(queued, key, r);
        }
    }

    private void complete(BlockEvent e) {
        Key key = new Key(e.dev(), e.sector());
        Request r = pop(inflight, key);
        if (r == null) {
            // completed without an issue of its own, e.g. an empty flush finished by the flush machinery
            r = pop(queued, key);
            if (r == null) {
                unmatchedCompletions++;
                return;
            }
        }
        r.partials++;
        long done = e.nrSector() << 9;
        if (done > 0 && done < r.remaining) {
            r.remaining -= done;
            push(inflight, new Key(e.dev(), e.sector() + e.nrSector()), r);
            return;
        }
        r.remaining = 0;
        r.completeNs = e.tsNs();
        r.error = e.error();
        downstream.accept(r);
    }

    /** Hands on, uncompleted, every request first seen before {@code beforeNs}: its end was lost. */
    public void expire(long beforeNs) {
        expired += drain(queued, beforeNs) + drain(inflight, beforeNs);
    }

    /** Hands on every request still open (in flight when recording ended). */
    public void finish() {
        incomplete += drain(queued, Long.MAX_VALUE) + drain(inflight, Long.MAX_VALUE);
    }

    private long drain(Map<Key, ArrayDeque<Request>> map, long beforeNs) {
        long n = 0;
        for (Iterator<ArrayDeque<Request>> it = map.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Request> q = it.next();
            while (!q.isEmpty() && q.peekFirst().firstSeenNs() < beforeNs) {
                downstream.accept(q.pollFirst());
                size--;
                n++;
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
        return n;
    }

    private void push(Map<Key, ArrayDeque<Request>> map, Key key, Request r) {
        map.computeIfAbsent(key, k -> new ArrayDeque<>(2)).addLast(r);
        size++;
    }

    private Request pop(Map<Key, ArrayDeque<Request>> map, Key key) {
        ArrayDeque<Request> q = map.get(key);
        if (q == null) {
            return null;
        }
        Request r = q.pollFirst();
        if (q.isEmpty()) {
            map.remove(key);
        }
        size--;
        return r;
    }

    /** Requests open now (queued or in flight). */
    public int open() {
        return size;
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
