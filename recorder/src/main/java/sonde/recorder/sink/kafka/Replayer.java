package sonde.recorder.sink.kafka;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends the spool to Kafka during and after an outage, on its own thread: closes the segment
 * being written, sends every closed segment oldest first, record by record in file order, and
 * deletes a segment once all its records are acknowledged; when what is left is small, the writer
 * sends it ({@link Delivery#caughtUp}). The first record of a segment goes
 * alone, as a probe, so a cluster still down costs one send, not a window of them. When a send
 * fails it backs off (0.25 s doubling to 5 s) and starts again from the first segment left.
 */
final class Replayer implements Runnable {
    private static final int WINDOW = 4096;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final Delivery delivery;
    private final Producer<byte[], byte[]> producer;
    private final Spool spool;

    Replayer(Delivery delivery, Producer<byte[], byte[]> producer, Spool spool) {
        this.delivery = delivery;
        this.producer = producer;
        this.spool = spool;
    }

    @Override
    public void run() {
        long backoffMs = 250;
        try {
            while (!delivery.stopping()) {
                if (!delivery.awaitReplayable(500)) {
                    continue;
                }
                if (replayAll()) {
                    if (delivery.caughtUp()) {
                        backoffMs = 250;
                    }
                    continue;
                }
                Thread.sleep(backoffMs);
                backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            delivery.stop(); // the spool's disk failed: what is in it stays for the next run
        }
    }

    private boolean replayAll() throws IOException, InterruptedException {
        List<Path> segments = spool.roll();
        for (Path p : segments) {
            Spool.Segment s = Spool.read(p);
            if (!replay(s.records())) {
                return false;
            }
            spool.remove(p);
            delivery.replayed(s.records().size(), s.records().stream().mapToLong(r -> r.value().length).sum());
        }
        return true;
    }

    private boolean replay(List<SpoolRecord> records) throws InterruptedException {
        Semaphore window = new Semaphore(WINDOW);
        AtomicReference<Exception> failed = new AtomicReference<>();
        for (int i = 0; i < records.size() && failed.get() == null; i++) {
            if (!acquire(window, i == 1 ? WINDOW : 1)) {
                return false;
            }
            if (i == 1) {
                window.release(WINDOW - 1); // the probe was acknowledged: the window opens
            }
            SpoolRecord r = records.get(i);
            try {
                producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value()), (m, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                    window.release();
                });
            } catch (KafkaException | IllegalStateException e) {
                failed.compareAndSet(null, e);
                window.release();
            }
        }
        return acquire(window, WINDOW) && failed.get() == null;
    }

    /** Waits for permits, giving up when the sink stops. */
    private boolean acquire(Semaphore window, int permits) throws InterruptedException {
        while (!window.tryAcquire(permits, 200, TimeUnit.MILLISECONDS)) {
            if (delivery.stopping()) {
                return false;
            }
        }
        return true;
    }
}
