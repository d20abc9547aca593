package sonde.recorder.sink.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
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

/** Kafka client configurations of sonde, and the check that a cluster answers and has the topics. */
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
        // a topic not sent to for this long leaves the producer's metadata, and the next send waits for it
        // (max.block.ms) and fails: the recording topic, written once at the end of a long recording
        p.put("metadata.max.idle.ms", String.valueOf(7L * 24 * 3600 * 1000));
        p.put("client.id", clientId);
        p.putAll(t.client());
        p.put("bootstrap.servers", t.bootstrap());
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        return p;
    }

    /**
     * The producer of {@link #producer}. Its host names are resolved here, once: when none of them
     * resolves, that is an error at start (a wrong name, or no DNS), not an outage to wait out.
     */
    static Producer<byte[], byte[]> newProducer(KafkaTarget t, String clientId) {
        try {
            return new KafkaProducer<>(producer(t, clientId));
        } catch (KafkaException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof ConfigException && String.valueOf(c.getMessage()).contains("resolvable")) {
                    throw new UserError("cannot resolve kafka at " + t.bootstrap() + ": no host name in it resolves",
                            "check the names in --kafka: they must resolve when sonde record starts", e);
                }
            }
            throw new UserError("cannot start a kafka producer for " + t.bootstrap() + ": "
                    + reason(e.getCause() != null ? e.getCause() : e), "check --kafka-config", e);
        }
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
     * What a look at the cluster found when the topics are not there to use: why (one line),
     * whether the cluster refused (credentials, permissions, a policy: waiting will not help) or
     * did not answer (down, unreachable, slow: an outage), and the line a start-up check prints.
     */
    record Problem(String reason, boolean refused, UserError error) {
    }

    /**
     * Checks that the cluster answers within the timeout and that the topics exist, creating the
     * missing ones with the broker's default partitions and replication.
     *
     * @throws UserError "cannot reach kafka at HOST:PORT: …" otherwise
     */
    public static void checkTopics(String bootstrap, Properties user, List<String> topics, long timeoutMs) {
        Problem p = probe(bootstrap, user, topics, timeoutMs);
        if (p != null) {
            throw p.error();
        }
    }

    /** {@link #checkTopics}, with what went wrong returned: null when the topics are there. */
    static Problem probe(String bootstrap, Properties user, List<String> topics, long timeoutMs) {
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
                        String names = missing.stream().map(NewTopic::name).collect(Collectors.joining(", "));
                        String why = "cannot create topics " + names + ": " + reason(e.getCause());
                        return new Problem(why, refusal(e.getCause()), new UserError("cannot create topics " + names + " at "
                                + bootstrap + ": " + reason(e.getCause()), "create them (see deploy/README.md) or allow this client to", e));
                    }
                }
            }
            return null;
        } catch (TimeoutException e) {
            return noAnswer(bootstrap, timeoutMs, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                return noAnswer(bootstrap, timeoutMs, e); // the client's own timeout, the same as ours, came first
            }
            return new Problem(reason(e.getCause()), refusal(e.getCause()),
                    new UserError("cannot reach kafka at " + bootstrap + ": " + reason(e.getCause()), null, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Problem("interrupted", false, new UserError("cannot reach kafka at " + bootstrap + ": interrupted"));
        } catch (KafkaException e) {
            // thrown by Admin.create: the client configuration is wrong, which no wait mends
            return new Problem(reason(e), true, new UserError("cannot reach kafka at " + bootstrap + ": " + reason(e), null, e));
        }
    }

    /** The cluster answered no: wrong credentials, no permission, a policy or a topic name it rejects. */
    static boolean refusal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof AuthenticationException || c instanceof AuthorizationException
                    || c instanceof PolicyViolationException || c instanceof InvalidTopicException
                    || c instanceof UnsupportedVersionException) {
                return true;
            }
        }
        return false;
    }

    private static Problem noAnswer(String bootstrap, long timeoutMs, Throwable e) {
        String why = "no answer within " + timeoutMs + " ms";
        return new Problem(why, false, new UserError("cannot reach kafka at " + bootstrap + ": " + why,
                "is a broker listening there? (deploy/kafka-local.sh starts one on this machine)", e));
    }

    /** The first line of a client exception's message, never empty ("timed out" for a bare timeout). */
    static String reason(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        String m = t.getMessage() == null ? "" : t.getMessage().strip();
        if (m.isEmpty() && (t instanceof org.apache.kafka.common.errors.TimeoutException
                || t instanceof java.util.concurrent.TimeoutException)) {
            return "timed out"; // words, not a class name (issue 14)
        }
        return Reasons.of(t);
    }
}
