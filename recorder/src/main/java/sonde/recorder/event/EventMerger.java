package sonde.recorder.event;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Merges the per-CPU event streams into one time order. Each source (one CPU's ring buffer of
 * one instance) delivers its events nearly in order, so they wait in a queue per source and
 * are merged by comparing the queues' heads: O(log sources) per event, not O(log events).
 * Events wait until the reader's watermark passes them, which bounds what is held to one poll
 * interval's worth.
 */
public final class EventMerger<T extends Timed> {
    private final List<ArrayDeque<T>> queues = new ArrayList<>();
    private final SourceHeap heap = new SourceHeap();
    private final Consumer<T> downstream;
    private long lateEvents;
    private long released = Long.MIN_VALUE;
    private int held;

    public EventMerger(Consumer<T> downstream) {
        this.downstream = downstream;
    }

    /** Adds an event of a single-source merger (source 0). */
    public void add(T event) {
        add(0, event);
    }

    public void add(int source, T event) {
        while (queues.size() <= source) {
            queues.add(new ArrayDeque<>());
        }
        if (event.tsNs() < released) {
            lateEvents++; // stamped before the last watermark: still delivered, just late
        }
        ArrayDeque<T> q = queues.get(source);
        if (q.isEmpty() || !before(event, q.peekLast())) {
            q.addLast(event);
        } else {
            insertInOrder(q, event); // a rare out-of-order stamp within one CPU
        }
        held++;
    }

    private void insertInOrder(ArrayDeque<T> q, T event) {
        List<T> tail = new ArrayList<>();
        while (!q.isEmpty() && before(event, q.peekLast())) {
            tail.add(q.pollLast());
        }
        q.addLast(event);
        for (int i = tail.size() - 1; i >= 0; i--) {
            q.addLast(tail.get(i));
        }
    }

    private static boolean before(Timed a, Timed b) {
        return a.tsNs() < b.tsNs() || (a.tsNs() == b.tsNs() && a.seq() < b.seq());
    }

    /** Delivers, in time order, every held event stamped before {@code watermark}. */
    public void releaseBefore(long watermark) {
        release(watermark);
        released = Math.max(released, watermark);
    }

    public void releaseAll() {
        release(Long.MAX_VALUE);
    }

    private void release(long watermark) {
        heap.clear();
        for (int s = 0; s < queues.size(); s++) {
            if (!queues.get(s).isEmpty()) {
                heap.push(s, queues.get(s).peekFirst());
            }
        }
        while (!heap.isEmpty()) {
            int s = heap.minSource();
            ArrayDeque<T> q = queues.get(s);
            T e = q.peekFirst();
            if (e.tsNs() >= watermark) {
                break;
            }
            q.pollFirst();
            held--;
            downstream.accept(e);
            if (q.isEmpty()) {
                heap.popMin();
            } else {
                heap.replaceMin(q.peekFirst());
            }
        }
    }

    public int held() {
        return held;
    }

    /** Events that arrived after a watermark had passed their time stamp. */
    public long lateEvents() {
        return lateEvents;
    }
}
