package sonde.recorder.testing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real KRaft Kafka cluster in the test JVM (KafkaClusterTestKit): one controller and one broker,
 * as separate nodes so that the broker can be stopped (an outage) and started again on the same
 * port with its data. Ready in about 3 seconds.
 */
public final class TestBroker implements AutoCloseable {
    private final KafkaClusterTestKit kit;
    private final int brokerId;

    private TestBroker(KafkaClusterTestKit kit) {
        this.kit = kit;
        this.brokerId = kit.brokers().keySet().iterator().next();
    }

    public static TestBroker start() throws Exception {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(false).setNumControllerNodes(1).setNumBrokerNodes(1).build())
                .setConfigProp("auto.create.topics.enable", "true")
                .setConfigProp("num.partitions", "2")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.num.partitions", "2")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        try {
            quietly(kit::format);
            kit.startup();
            kit.waitForReadyBrokers();
        } catch (Exception e) {
            kit.close();
            throw e;
        }
        return new TestBroker(kit);
    }

    private interface Step {
        void run() throws Exception;
    }

    /**
     * Runs a step with System.out captured: formatting the nodes' storage prints the whole
     * bootstrap metadata for every node, which buried the build log; it is shown only if the step fails.
     */
    private static void quietly(Step step) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            step.run();
        } catch (Exception e) {
            out.print(captured.toString(StandardCharsets.UTF_8));
            throw e;
        } finally {
            System.setOut(out);
        }
    }

    /** HOST:PORT of the broker; the same after {@link #restart}. */
    public String bootstrap() {
        return kit.bootstrapServers();
    }

    /** Shuts the broker down (the controller stays): clients see connection refused. */
    public void stop() {
        var b = kit.brokers().get(brokerId);
        b.shutdown();
        b.awaitShutdown();
    }

    /** Starts the stopped broker again, on the same port, with its logs. */
    public void restart() throws Exception {
        kit.restartBroker(brokerId, Map.of());
        kit.waitForReadyBrokers();
    }

    /** Every message now in the topics, read from the start by a throwaway consumer. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(List<String> topics) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap());
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) {
                c.partitionsFor(t, Duration.ofSeconds(10)).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Sends raw messages (tests of what consumers do with bad ones). */
    public void produce(String topic, byte[] key, byte[] value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap());
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> prod = new KafkaProducer<>(p)) {
            prod.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    @Override
    public void close() {
        try {
            kit.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the test broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("stopping the test broker failed", e);
        }
    }
}
