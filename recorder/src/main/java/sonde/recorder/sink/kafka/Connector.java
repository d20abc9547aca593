package sonde.recorder.sink.kafka;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;

import java.util.List;

/**
 * Makes the cluster ready to be sent to, on its own thread, from the start and for as long as it
 * takes: checks that it answers and that the topics exist (creating the missing ones), then has
 * the producer fetch the metadata of every topic, so that no send waits for metadata (a fresh
 * producer's first send to a topic waited longer than max.block.ms and failed, and every row went
 * to the spool with the broker up). A cluster that does not answer is tried again (1 s doubling to
 * 5 s) while rows are held or spooled ({@link Delivery}); one that refuses (credentials,
 * permissions, a policy) ends the recording with its reason, as no wait would mend it.
 */
final class Connector implements Runnable {
    private static final long MAX_BACKOFF_MS = 5_000;

    private final KafkaTarget target;
    private final Producer<byte[], byte[]> producer;
    private final Delivery delivery;

    Connector(KafkaTarget target, Producer<byte[], byte[]> producer, Delivery delivery) {
        this.target = target;
        this.producer = producer;
        this.delivery = delivery;
    }

    @Override
    public void run() {
        long backoffMs = 1_000;
        while (!delivery.stopping()) {
            KafkaClients.Problem p = KafkaClients.probe(target.bootstrap(), target.client(), target.topics().all(),
                    target.connectTimeoutMs());
            if (p == null) {
                String missing = warm(producer, target.topics().all(), target.connectTimeoutMs());
                if (missing == null) {
                    delivery.ready();
                    return;
                }
                p = new KafkaClients.Problem(missing, false, null);
            }
            if (p.refused()) {
                delivery.refused(p.reason());
                return;
            }
            delivery.notReady(p.reason());
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException e) {
                return; // the sink stops
            }
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
    }

    /**
     * Has the producer fetch the metadata of the topics, each waited for up to the timeout
     * (partitionsFor waits max.block.ms at a time; the fetch goes on between the calls).
     *
     * @return null when every topic's metadata is known, else why not
     */
    static String warm(Producer<byte[], byte[]> producer, List<String> topics, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        for (String topic : topics) {
            String why;
            while (true) {
                try {
                    producer.partitionsFor(topic); // returns once the topic is in the metadata
                    break;
                } catch (IllegalStateException e) {
                    return "the producer was closed"; // the sink stops
                } catch (KafkaException e) {
                    why = KafkaClients.reason(e);
                }
                if (System.nanoTime() >= deadline) {
                    return why;
                }
                try {
                    Thread.sleep(50); // a refusal comes back at once: not a busy loop
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
            }
        }
        return null;
    }
}
