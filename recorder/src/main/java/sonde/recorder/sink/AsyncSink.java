package sonde.recorder.sink;

import sonde.recorder.cli.Reasons;
import sonde.recorder.sink.table.Table;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Moves writing (encoding, compression, file I/O) off the threads that make rows onto one
 * writer thread. Rows travel in batches ({@link Rows}, one per kind); a fixed number of batches
 * circulate, and a few more from a shared budget of {@link #SPARE_BYTES} when the writer is
 * behind; past that the producers wait for a batch to come back, which leaves events in the
 * kernel's ring buffers; if those overflow the kernel drops events and counts them. Memory stays bounded either way, and the traced workload is never blocked.
 */
public final class AsyncSink {
    private static final Object END = new Object();
    private static final long TICK_NS = 500_000_000L;
    /**
     * Heap that batches may take beyond each kind's fixed number while the writer is behind (the
     * first second, before the writer's code is compiled, on a host short of CPU): rows held
     * here instead of events lost in a full ring buffer.
     */
    static final long SPARE_BYTES = 48L << 20;

    private final EventSink sink;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Rows.Spare spare = new Rows.Spare(SPARE_BYTES);
    private final Thread thread;
    private volatile Throwable failure;
    private volatile long dropped;

    public AsyncSink(EventSink sink) {
        this.sink = sink;
        this.thread = new Thread(this::run, "sonde-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * The rows of one kind, to be made on one thread.
     *
     * @param batches  batches in circulation (memory: batches × capacity rows)
     * @param capacity rows per batch (one Parquet row group)
     */
    public Rows rows(Table table, int batches, int capacity) {
        return new Rows(table, batches, capacity, this::submit, spare);
    }

    private void submit(RowBatch b) {
        if (failure != null) {
            discard(b);
            return;
        }
        queue.add(b);
    }

    private void discard(RowBatch b) {
        dropped += b.size;
        b.owner.recycle(b);
    }

    private void run() {
        long lastTick = System.nanoTime();
        try {
            while (true) {
                Object o = queue.poll(TICK_NS, TimeUnit.NANOSECONDS);
                if (o == END) {
                    break;
                }
                long now = System.nanoTime();
                if (o != null) {
                    RowBatch b = (RowBatch) o;
                    sink.write(b, now);
                    b.owner.recycle(b);
                }
                if (now - lastTick >= TICK_NS) {
                    sink.tick(now);
                    lastTick = now;
                }
            }
            sink.close();
        } catch (Throwable t) {
            failure = t;
            sink.abandon();
            for (Object o; (o = queue.poll()) != null; ) {
                if (o instanceof RowBatch b) {
                    discard(b);
                }
            }
        }
    }

    /** The write failure that stopped the writer, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Rows not written because the writer had failed. */
    public long dropped() {
        return dropped;
    }

    /**
     * Writes what is queued (flush the {@link Rows} first), closes the sink, and waits for the
     * writer thread. (Not an AutoCloseable: it waits, and an interrupted wait is the caller's to handle.)
     */
    public void close() throws IOException, InterruptedException {
        queue.add(END);
        thread.join();
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure != null) {
            throw new IOException(Reasons.of(failure), failure);
        }
    }

    public EventSink sink() {
        return sink;
    }
}
