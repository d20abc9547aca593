package sonde.recorder.sink.kafka;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import sonde.recorder.cli.Reasons;

/**
 * Where each message goes: straight to the producer while Kafka acknowledges, else to the spool.
 *
 * <p>An outage begins when a send fails (at once, or when its delivery times out) or when
 * nothing was acknowledged for the stall time while sends were pending. From then on every new
 * message is appended to the spool, and every pending send that fails is appended too, so no
 * message is lost. Once no direct send is pending, the {@link Replayer} sends the spool, oldest
 * first, and when it has caught up (the spool is empty) messages go straight to the producer
 * again. A message may reach Kafka twice (its acknowledgement was lost, or a replay was cut
 * short): rows carry (recording_id, event_seq) to remove such duplicates.
 *
 * <p>Thread-safe: called by the writer thread, the producer's callback thread and the replayer.
 */
final class Delivery {
    private final Producer<byte[], byte[]> producer;
    private final Spool spool;
    private final long stallNs;
    private boolean spooling;
    private boolean stopping;
    private long inFlight;
    private long lastProgressNs;
    private long sent;
    private long sentBytes;
    private long replayed;
    private long outages;
    private String outageReason;
    private volatile IOException spoolFailure;

    Delivery(Producer<byte[], byte[]> producer, Spool spool, long stallMs) {
        this.producer = producer;
        this.spool = spool;
        this.stallNs = stallMs * 1_000_000L;
        this.spooling = !spool.isEmpty(); // a previous run's events go first
    }

    void send(SpoolRecord r) throws IOException {
        checkSpool();
        synchronized (this) {
            if (spooling || stopping) {
                spool(r);
                return;
            }
            if (inFlight++ == 0) {
                lastProgressNs = System.nanoTime();
            }
        }
        AtomicBoolean once = new AtomicBoolean();
        try {
            producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value()), (m, e) -> {
                if (once.compareAndSet(false, true)) {
                    done(r, e);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            if (once.compareAndSet(false, true)) {
                done(r, e);
            }
        }
    }

    private void done(SpoolRecord r, Exception e) {
        synchronized (this) {
            if (e == null) {
                sent++;
                sentBytes += r.value().length;
                lastProgressNs = System.nanoTime();
            } else {
                outage(KafkaClients.reason(e));
                spool(r);
            }
            inFlight--;
            notifyAll();
        }
    }

    /** Appends to the spool; a full spool drops (and counts) the message, a failing disk stops the recording. */
    private void spool(SpoolRecord r) {
        try {
            spool.append(r);
        } catch (IOException e) {
            spoolFailure = e;
        }
    }

    synchronized void outage(String why) {
        if (!spooling) {
            spooling = true;
            outages++;
            outageReason = why;
            notifyAll();
        }
    }

    /** Writer thread, twice a second: pending sends without progress for the stall time mean an outage. */
    synchronized void tick(long nowNs) throws IOException {
        checkSpool();
        if (!spooling && inFlight > 0 && nowNs - lastProgressNs > stallNs) {
            outage("no acknowledgement for " + stallNs / 1_000_000 + " ms");
        }
    }

    void checkSpool() throws IOException {
        IOException e = spoolFailure;
        if (e != null) {
            throw new IOException("writing spool " + spool.dir() + " failed: " + Reasons.of(e), e);
        }
    }

    /** Replayer: waits until the spool may be sent (an outage, and no direct send pending). */
    synchronized boolean awaitReplayable(long ms) throws InterruptedException {
        if (!(spooling && inFlight == 0) && !stopping) {
            wait(ms);
        }
        return spooling && inFlight == 0 && !stopping;
    }

    /** Replayer, after sending every closed segment: back to direct sends if nothing new was spooled. */
    synchronized boolean resumeIfCaughtUp() {
        if (spooling && inFlight == 0 && !stopping && spool.isEmpty()) {
            spooling = false;
            notifyAll();
            return true;
        }
        return false;
    }

    synchronized void replayed(int n) {
        replayed += n;
    }

    /** Waits until everything was acknowledged and nothing waits in the spool, or the deadline. */
    synchronized boolean awaitDrained(long deadlineNs) throws InterruptedException {
        long now;
        while ((spooling || inFlight > 0) && (now = System.nanoTime()) < deadlineNs) {
            wait(Math.max(1, (deadlineNs - now) / 1_000_000));
        }
        return !spooling && inFlight == 0;
    }

    /** From now on every message goes to the spool; the replayer stops. */
    synchronized void stop() {
        stopping = true;
        notifyAll();
    }

    synchronized boolean stopping() {
        return stopping;
    }

    synchronized boolean spooling() {
        return spooling;
    }

    synchronized long sent() {
        return sent;
    }

    synchronized long sentBytes() {
        return sentBytes;
    }

    synchronized long replayed() {
        return replayed;
    }

    synchronized long outages() {
        return outages;
    }

    synchronized String outageReason() {
        return outageReason;
    }
}
