package sonde.recorder.event;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Merges the per-CPU event streams into one time order. Events wait here until the reader's
 * watermark passes them, which bounds what is held to one poll interval's worth.
 */
public final class EventMerger<T extends Timed> {
    private static final Comparator<Timed> ORDER =
            Comparator.comparingLong(Timed::tsNs).thenComparingLong(Timed::seq);

    private final PriorityQueue<T> held = new PriorityQueue<>(1024, ORDER);
    private final Consumer<T> downstream;
    private long lateEvents;
    private long released = Long.MIN_VALUE;

    public EventMerger(Consumer<T> downstream) {
        this.downstream = downstream;
    }

    public void add(T event) {
        if (event.tsNs() < released) {
            lateEvents++; // stamped before the last watermark: still delivered, just late
        }
        held.add(event);
    }

    /** Delivers, in time order, every held event stamped before {@code watermark}. */
    public void releaseBefore(long watermark) {
        while (!held.isEmpty() && held.peek().tsNs() < watermark) {
            downstream.accept(held.poll());
        }
        released = Math.max(released, watermark);
    }

    public void releaseAll() {
        while (!held.isEmpty()) {
            downstream.accept(held.poll());
        }
    }

    public int held() {
        return held.size();
    }

    /** Events that arrived after a watermark had passed their time stamp. */
    public long lateEvents() {
        return lateEvents;
    }
}
