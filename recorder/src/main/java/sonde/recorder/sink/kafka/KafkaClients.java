package sonde.recorder.sink.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UserError;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Kafka client configurations of sonde, and the start-up check that a cluster answers. */
public final class KafkaClients {
    private KafkaClients() {
    }

    /**
     * The producer: idempotent, acks=all, so a retried batch is never written twice and an
     * acknowledged one is on every in-sync replica; a bounded buffer and a short max.block.ms, so
     * send() never holds the writer thread for long; metadata.recovery.strategy=none, so an outage
     * is waited out on the known brokers. The user's --kafka-config may override all but the
     * serializers and the bootstrap servers.
     */
    public static Properties producer(KafkaTarget t, String clientId) {
        Properties p = new Properties();
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("metadata.recovery.strategy", "none");
        p.put("buffer.memory", String.valueOf(32L << 20));
        p.put("max.block.ms", "250");
        p.put("linger.ms", "20");
        p.put("batch.size", String.valueOf(256 << 10));
        p.put("compression.type", "lz4");
        p.put("request.timeout.ms", "5000");
        p.put("delivery.timeout.ms", "15000");
        p.put("reconnect.backoff.max.ms", "1000");
        p.put("client.id", clientId);
        p.putAll(t.client());
        p.put("bootstrap.servers", t.bootstrap());
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        return p;
    }

    /** A consumer in a group that commits offsets itself, from the earliest offset when it has none. */
    public static Properties consumer(String bootstrap, Properties user, String group, String clientId) {
        Properties p = new Properties();
        p.put("auto.offset.reset", "earliest");
        p.put("max.poll.records", "10000");
        p.put("client.id", clientId);
        p.putAll(KafkaArgs.clientOnly(user));
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", group);
        p.put("enable.auto.commit", "false");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        return p;
    }

    /**
     * Checks that the cluster answers within the timeout and that the topics exist, creating the
     * missing ones with the broker's default partitions and replication.
     *
     * @throws UserError "cannot reach kafka at HOST:PORT: …" otherwise
     */
    public static void checkTopics(String bootstrap, Properties user, List<String> topics, long timeoutMs) {
        Properties p = KafkaArgs.clientOnly(user);
        p.put("bootstrap.servers", bootstrap);
        p.put("request.timeout.ms", String.valueOf(timeoutMs));
        p.put("default.api.timeout.ms", String.valueOf(timeoutMs));
        p.put("client.id", "sonde-check");
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
            Set<String> have = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !have.contains(t))
                    .map(t -> new NewTopic(t, Optional.empty(), Optional.empty())).collect(Collectors.toList());
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new UserError("cannot create topics " + missing.stream().map(NewTopic::name)
                                .collect(Collectors.joining(", ")) + " at " + bootstrap + ": " + reason(e.getCause()),
                                "create them (see deploy/README.md) or allow this client to", e);
                    }
                }
            }
        } catch (TimeoutException e) {
            throw noAnswer(bootstrap, timeoutMs, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw noAnswer(bootstrap, timeoutMs, e); // the client's own timeout, the same as ours, came first
            }
            throw new UserError("cannot reach kafka at " + bootstrap + ": " + reason(e.getCause()), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("cannot reach kafka at " + bootstrap + ": interrupted");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new UserError("cannot reach kafka at " + bootstrap + ": " + reason(e), null, e);
        }
    }

    private static UserError noAnswer(String bootstrap, long timeoutMs, Throwable e) {
        return new UserError("cannot reach kafka at " + bootstrap + ": no answer within " + timeoutMs + " ms",
                "is a broker listening there? (deploy/kafka-local.sh starts one on this machine)", e);
    }

    static String reason(Throwable t) {
        return Reasons.of(t);
    }
}
