package sonde.recorder.sink.kafka;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import sonde.recorder.cli.Reasons;

/**
 * Where each message goes: held in memory while the cluster is first made ready ({@link
 * Connector}), straight to the producer while Kafka acknowledges, else to the spool.
 *
 * <p>An outage begins when the cluster is not ready within the connect timeout of the start,
 * when a send fails (at once, or when its delivery times out), or when nothing was acknowledged
 * for the stall time while sends were pending. From then on every new message is appended to the
 * spool, and every pending send that fails is appended too, so no message is lost. Once the
 * cluster is ready and no direct send is pending, the {@link Replayer} sends the spool, oldest
 * first; when what is left is small, the writer thread sends that tail itself before its next
 * message and goes back to direct sends, so the order holds and the handover never waits for an
 * empty spool (under continuous load a spool is never empty: the replayer chased new rows for
 * ever). A message may reach Kafka twice (its acknowledgement was lost, or a replay was cut
 * short): rows carry (recording_id, event_seq) to remove such duplicates. Each outage's start and
 * end are announced on one line each.
 *
 * <p>Thread-safe: {@link #send}, {@link #tick} and {@link #awaitDrained} are called by one writer
 * thread at a time; the producer's callbacks, the replayer and the connector call the rest.
 */
final class Delivery {
    private enum State { CONNECTING, DIRECT, SPOOLING }

    /** Bytes of messages held in memory while the cluster is first made ready; beyond, they are spooled. */
    static final long HOLD_BYTES = 16L << 20;
    /** A spool this small after a replay is sent by the writer at once (the producer buffers 32 MiB). */
    static final long TAIL_BYTES = 4L << 20;

    private record Out(SpoolRecord r, boolean replay) {
    }

    private final Producer<byte[], byte[]> producer;
    private final Spool spool;
    private final long stallNs;
    private final long connectNs;
    private final long startNs = System.nanoTime();
    private final Outages outages;
    private final List<SpoolRecord> held = new ArrayList<>();
    private State state = State.CONNECTING;
    private boolean ready;
    private boolean tailReady;
    private boolean stopping;
    private long heldBytes;
    private String notReadyReason;
    private long inFlight;
    private long lastProgressNs;
    private long sent;
    private long sentBytes;
    private long replayed;
    private long replayedBytes;
    private volatile IOException failure;

    /** @param notices where the outage lines go (stderr) */
    Delivery(Producer<byte[], byte[]> producer, Spool spool, KafkaTarget t, Consumer<String> notices) {
        this.producer = producer;
        this.spool = spool;
        this.stallNs = t.stallMs() * 1_000_000L;
        this.connectNs = t.connectTimeoutMs() * 1_000_000L;
        this.outages = new Outages(t.bootstrap(), spool, notices);
    }

    void send(SpoolRecord r) throws IOException {
        checkFailure();
        List<Out> out;
        synchronized (this) {
            out = advance(System.nanoTime());
            if (stopping || state == State.SPOOLING) {
                spool(r);
            } else if (state == State.CONNECTING) {
                held.add(r);
                heldBytes += r.value().length;
                if (heldBytes > HOLD_BYTES) {
                    beginOutage(notReady(), System.nanoTime());
                }
            } else {
                out = new ArrayList<>(out);
                out.add(new Out(r, false));
                inFlight(1);
            }
        }
        sendAll(out);
    }

    /** Writer thread, twice a second: the connect timeout, the stall time, and the handover after a replay. */
    void tick(long nowNs) throws IOException {
        checkFailure();
        List<Out> out;
        synchronized (this) {
            out = advance(nowNs);
        }
        sendAll(out);
    }

    /**
     * The writer's state changes, under the lock: what it must send before anything else (held
     * messages once the cluster is ready, or the spool's tail), counted in flight.
     */
    private List<Out> advance(long now) throws IOException {
        if (stopping) {
            return List.of();
        }
        if (state == State.CONNECTING) {
            if (ready && spool.isEmpty()) {
                state = State.DIRECT;
                List<Out> out = held.stream().map(r -> new Out(r, false)).toList();
                held.clear();
                heldBytes = 0;
                inFlight(out.size());
                return out;
            }
            if (ready) {
                state = State.SPOOLING; // an earlier recording's messages are sent first, these behind them
                spoolHeld();
                notifyAll();
            } else if (now - startNs >= connectNs) {
                beginOutage(notReady(), now);
            }
        } else if (state == State.SPOOLING && tailReady) {
            tailReady = false;
            List<Out> out = new ArrayList<>();
            List<Path> segments = spool.roll();
            for (Path p : segments) {
                Spool.read(p).records().forEach(r -> out.add(new Out(r, true)));
            }
            for (Path p : segments) {
                spool.remove(p); // sent now: one that fails is spooled again
            }
            state = State.DIRECT;
            outages.end(now);
            inFlight(out.size());
            return out;
        } else if (state == State.DIRECT && inFlight > 0 && now - lastProgressNs > stallNs) {
            beginOutage("no acknowledgement for " + stallNs / 1_000_000 + " ms", now);
        }
        return List.of();
    }

    private String notReady() {
        return notReadyReason != null ? notReadyReason : "no answer within " + connectNs / 1_000_000 + " ms";
    }

    private void inFlight(int n) {
        if (inFlight == 0 && n > 0) {
            lastProgressNs = System.nanoTime();
        }
        inFlight += n;
    }

    private void sendAll(List<Out> out) {
        for (Out o : out) {
            AtomicBoolean once = new AtomicBoolean();
            try {
                producer.send(new ProducerRecord<>(o.r().topic(), o.r().key(), o.r().value()), (m, e) -> {
                    if (once.compareAndSet(false, true)) {
                        done(o, e);
                    }
                });
            } catch (KafkaException | IllegalStateException e) {
                if (once.compareAndSet(false, true)) {
                    done(o, e);
                }
            }
        }
    }

    private synchronized void done(Out o, Exception e) {
        if (e == null) {
            if (o.replay()) {
                replayed++;
                replayedBytes += o.r().value().length;
            } else {
                sent++;
                sentBytes += o.r().value().length;
            }
            lastProgressNs = System.nanoTime();
        } else {
            if (state == State.DIRECT && !stopping) {
                beginOutage(KafkaClients.reason(e), System.nanoTime());
            }
            spool(o.r());
        }
        inFlight--;
        notifyAll();
    }

    /** From now on new messages are spooled; the held ones go first. */
    private void beginOutage(String why, long now) {
        state = State.SPOOLING;
        outages.begin(why, now);
        spoolHeld();
        notifyAll();
    }

    private void spoolHeld() {
        held.forEach(this::spool);
        held.clear();
        heldBytes = 0;
    }

    /** Appends to the spool; a full spool drops (and counts) the message, a failing disk stops the recording. */
    private void spool(SpoolRecord r) {
        try {
            spool.append(r);
        } catch (IOException e) {
            failure = new IOException("writing spool " + spool.dir() + " failed: " + Reasons.of(e), e);
        }
    }

    /** Connector: the topics exist and the producer knows them. */
    synchronized void ready() {
        ready = true;
        notifyAll();
    }

    /** Connector: why the cluster is not ready yet (the outage line gives it). */
    synchronized void notReady(String why) {
        notReadyReason = why;
    }

    /** Connector: the cluster said no (credentials, permissions, a policy): the recording fails with this. */
    void refused(String why) {
        failure = new IOException(why);
    }

    /** The spool's disk failed, or the cluster refused. */
    void checkFailure() throws IOException {
        IOException e = failure;
        if (e != null) {
            throw e;
        }
    }

    /** Replayer: waits until the spool may be sent (spooling, the cluster ready, no direct send pending). */
    synchronized boolean awaitReplayable(long ms) throws InterruptedException {
        if (!replayable()) {
            wait(ms);
        }
        return replayable();
    }

    private boolean replayable() {
        return state == State.SPOOLING && ready && inFlight == 0 && !tailReady && !stopping;
    }

    /**
     * Replayer, after sending every closed segment: back to direct sends when the spool is empty;
     * when only a small tail is left, the writer takes it (before its next message).
     *
     * @return whether the replay is over
     */
    synchronized boolean caughtUp() {
        if (!replayable()) {
            return false;
        }
        if (spool.isEmpty()) {
            state = State.DIRECT;
            outages.end(System.nanoTime());
        } else if (spool.bytes() <= TAIL_BYTES) {
            tailReady = true;
        } else {
            return false;
        }
        notifyAll();
        return true;
    }

    synchronized void replayed(int n, long bytes) {
        replayed += n;
        replayedBytes += bytes;
    }

    /**
     * The writer (or the thread that follows it) waits until everything was acknowledged and
     * nothing waits in the spool or in memory, or the deadline; it makes the handovers meanwhile.
     */
    boolean awaitDrained(long deadlineNs) throws InterruptedException, IOException {
        while (true) {
            List<Out> out;
            synchronized (this) {
                long now = System.nanoTime();
                out = advance(now);
                if (out.isEmpty()) {
                    if (state == State.DIRECT && inFlight == 0) {
                        return true;
                    }
                    if (now >= deadlineNs || stopping) {
                        return false;
                    }
                    wait(Math.max(1, Math.min(100, (deadlineNs - now) / 1_000_000)));
                    continue;
                }
            }
            sendAll(out);
        }
    }

    /** From now on every message goes to the spool, those held in memory too; the replayer stops. */
    synchronized void stop() {
        stopping = true;
        spoolHeld();
        notifyAll();
    }

    synchronized boolean stopping() {
        return stopping;
    }

    /** Whether messages go straight to the producer now. */
    synchronized boolean direct() {
        return state == State.DIRECT && !stopping;
    }

    synchronized long sent() {
        return sent;
    }

    /** Bytes of the message values acknowledged, sent directly or replayed. */
    synchronized long sentBytes() {
        return sentBytes + replayedBytes;
    }

    synchronized long replayed() {
        return replayed;
    }

    synchronized long outages() {
        return outages.count();
    }

    /** Why the last outage began, or null when there was none. */
    synchronized String outageReason() {
        return outages.reason();
    }
}
