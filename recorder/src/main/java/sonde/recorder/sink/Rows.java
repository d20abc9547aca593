package sonde.recorder.sink;

import sonde.recorder.sink.table.Table;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The rows of one event kind on their way from the one thread that makes them to the writer.
 * Numbers each row ({@code event_seq} 0, 1, 2, … in the order rows are committed: with one
 * producer per kind that is gap-free, so {@code (recording_id, event_seq)} names a row even
 * after Kafka delivered it twice). A fixed number of batches circulate; when the writer has all
 * of them (it is behind: starved of CPU, still compiling), the producer takes more from a byte
 * budget shared by every kind ({@link Spare}), given back as soon as they are written; when that
 * is spent too, the producer waits, which leaves events in the kernel's buffers (and memory
 * bounded).
 */
public final class Rows {
    static final String SEQ_FIELD = "event_seq";

    private final Table table;
    private final int seqField;
    private final int batches;
    private final int capacity;
    private final BlockingQueue<RowBatch> free;
    private final Consumer<RowBatch> writer;
    private final Spare spare;
    private final long batchBytes;
    private int created;
    private long extraBatches;
    private RowBatch current;
    private long nextSeq;
    private long committed;
    private long waitedNs;

    /**
     * @param batches  how many batches circulate (at least 2: one filling, one being written)
     * @param capacity rows per batch (and so per Parquet row group)
     * @param writer   takes full batches; gives each back with {@link #recycle} once written
     */
    public Rows(Table table, int batches, int capacity, Consumer<RowBatch> writer) {
        this(table, batches, capacity, writer, new Spare(0));
    }

    /** As above, taking batches beyond {@code batches} from {@code spare} while the writer is behind. */
    public Rows(Table table, int batches, int capacity, Consumer<RowBatch> writer, Spare spare) {
        this.table = table;
        this.spare = spare;
        this.batchBytes = RowBatch.bytes(table, capacity);
        this.seqField = table.pos(SEQ_FIELD);
        this.batches = Math.max(2, batches);
        this.capacity = capacity;
        this.free = new ArrayBlockingQueue<>(this.batches);
        this.writer = writer;
    }

    /** The batch the next row goes into; set its fields, then {@link #commit}. */
    public RowBatch next() {
        if (current == null) {
            try {
                current = free.poll();
                if (current == null && created < batches) {
                    current = new RowBatch(table, capacity); // made when first needed: a quiet kind costs nothing
                    current.owner = this;
                    created++;
                }
                if (current == null && spare.take(batchBytes)) {
                    current = new RowBatch(table, capacity); // the writer is behind: one more, for a while
                    current.owner = this;
                    current.spare = true;
                    extraBatches++;
                }
                if (current == null) {
                    long t0 = System.nanoTime();
                    current = free.take();
                    waitedNs += System.nanoTime() - t0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the writer", e);
            }
        }
        return current;
    }

    /** The row whose fields were just set is complete. */
    public void commit() {
        RowBatch b = current;
        b.longs[seqField][b.size] = nextSeq++;
        b.append();
        committed++;
        if (b.size == b.capacity) {
            flush();
        }
    }

    /** Hands the rows so far to the writer (at the end, and now and then so that files rotate on time). */
    public void flush() {
        if (current != null && current.size > 0) {
            RowBatch b = current;
            current = null;
            writer.accept(b);
        }
    }

    /** Flushes if the oldest row waiting is older than {@code maxAgeNs}. */
    public void flushOlderThan(long maxAgeNs, long nowNs) {
        if (current != null && current.size > 0 && nowNs - current.firstRowNs >= maxAgeNs) {
            flush();
        }
    }

    /** The writer is done with a batch: it may be filled again. */
    public void recycle(RowBatch b) {
        if (b.spare) {
            spare.give(batchBytes); // dropped: the heap shrinks back once the writer has caught up
            return;
        }
        b.clear();
        free.offer(b);
    }

    public Table table() {
        return table;
    }

    /** How long the producer waited for the writer to give a batch back, ns (it was behind). */
    public long waitedNs() {
        return waitedNs;
    }

    /** Batches taken beyond the fixed number because the writer was behind. */
    public long extraBatches() {
        return extraBatches;
    }

    /** Rows committed so far. */
    public long committed() {
        return committed;
    }

    /** Bytes of batches that the kinds may hold beyond their fixed number, shared by all of them. */
    public static final class Spare {
        private final AtomicLong left;

        public Spare(long bytes) {
            left = new AtomicLong(bytes);
        }

        boolean take(long bytes) {
            for (long l = left.get(); l >= bytes; l = left.get()) {
                if (left.compareAndSet(l, l - bytes)) {
                    return true;
                }
            }
            return false;
        }

        void give(long bytes) {
            left.addAndGet(bytes);
        }
    }
}
