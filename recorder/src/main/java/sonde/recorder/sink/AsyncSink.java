package sonde.recorder.sink;

import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Moves writing (encoding, compression, file I/O) off the ring-buffer reader onto one writer
 * thread, through a bounded queue. A full queue blocks the reader, which leaves events in the
 * kernel's ring buffers; if those overflow the kernel drops events and counts them. Memory
 * stays bounded either way, and the traced workload is never blocked.
 */
public final class AsyncSink implements AutoCloseable {
    private static final Object END = new Object();
    private static final long TICK_NS = 500_000_000L;

    private final EventSink sink;
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile Throwable failure;
    private long dropped;

    public AsyncSink(EventSink sink, int capacity) {
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "sonde-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a row; after a write failure rows are counted and dropped (the recording is ending). */
    public void put(SpecificRecord row) {
        if (failure != null) {
            dropped++;
            return;
        }
        try {
            while (!queue.offer(row, 100, TimeUnit.MILLISECONDS)) {
                if (failure != null) {
                    dropped++;
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dropped++;
        }
    }

    private void run() {
        long lastTick = System.nanoTime();
        try {
            while (true) {
                Object o = queue.poll(TICK_NS, TimeUnit.NANOSECONDS);
                if (o == END) {
                    break;
                }
                if (o != null) {
                    sink.write((SpecificRecord) o);
                }
                long now = System.nanoTime();
                if (now - lastTick >= TICK_NS) {
                    sink.tick(now);
                    lastTick = now;
                }
            }
            sink.close();
        } catch (Throwable t) {
            failure = t;
            queue.clear();
            sink.abandon();
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

    /** Writes what is queued, closes the sink, and waits for the writer thread. */
    @Override
    public void close() throws IOException, InterruptedException {
        while (failure == null && !queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
            // the writer is still draining a full queue
        }
        thread.join();
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure != null) {
            throw new IOException(failure.toString(), failure);
        }
    }

    public EventSink sink() {
        return sink;
    }
}
