package sonde.recorder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.cli.UsageException;
import sonde.recorder.cli.UserError;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Kafka options of `sonde record`, parsed in process. */
class RecordKafkaOptionsTest {
    @TempDir
    Path tmp;

    private static RecordOptions parse(String... argv) {
        return RecordOptions.parse(argv, RecordOptions.SPEC.parse(argv));
    }

    private static String usage(String... argv) {
        return assertThrows(UsageException.class, () -> parse(argv)).getMessage();
    }

    @Test
    void kafkaOptionsMakeATarget() throws Exception {
        Path conf = Files.writeString(tmp.resolve("client.properties"), "security.protocol=SSL\nsonde.stall.ms=750\n");
        RecordOptions o = parse("--disk", "--kafka", "k1:9092,k2:9093", "--topic-prefix", "perf", "--spool-dir", "/tmp/sp",
                "--spool-mb", "5", "--host", "web-1", "--kafka-config", conf.toString());
        assertEquals("k1:9092,k2:9093", o.kafka().bootstrap());
        assertEquals("perf", o.kafka().topicPrefix());
        assertEquals("perf.disk_io", o.kafka().topics().of("disk_io"));
        assertEquals(Path.of("/tmp/sp"), o.kafka().spoolDir());
        assertEquals(5L << 20, o.kafka().spoolBytes());
        assertEquals("SSL", o.kafka().client().getProperty("security.protocol"));
        assertNull(o.kafka().client().getProperty("sonde.stall.ms"), "sonde's keys are not passed to the client");
        assertEquals(750, o.kafka().stallMs());
        assertEquals(10_000, o.kafka().closeWaitMs());
        assertEquals("web-1", o.host());
        assertEquals("k1:9092,k2:9093", o.effective().get("kafka"));
    }

    @Test
    void withoutKafkaThereIsNoTarget() {
        RecordOptions o = parse("--disk", "--host", "db7");
        assertNull(o.kafka());
        assertEquals("db7", o.host());
    }

    @Test
    void aBadAddressIsAUsageErrorNamingIt() {
        assertEquals("bad --kafka 'localhost': expected HOST:PORT (e.g. localhost:9092), got 'localhost'", usage("--kafka", "localhost"));
        assertEquals("bad --kafka 'k1:9092,:1': expected HOST:PORT (e.g. localhost:9092), got ':1'", usage("--kafka", "k1:9092,:1"));
        assertEquals("bad --kafka 'k1:70000': port 70000 is not between 1 and 65535", usage("--kafka", "k1:70000"));
    }

    @Test
    void kafkaCompanionsNeedKafka() {
        assertEquals("--spool-dir needs --kafka HOST:PORT", usage("--spool-dir", "/tmp/x"));
        assertEquals("--topic-prefix needs --kafka HOST:PORT", usage("--topic-prefix", "x"));
    }

    @Test
    void outAndKafkaAreAlternatives() {
        assertEquals("--out and --kafka are alternatives: record to local Parquet or send to Kafka"
                + " (sonde ingest --kafka k:1 --out DIR writes Parquet from Kafka)", usage("--kafka", "k:1", "-o", "d"));
    }

    @Test
    void badNamesAreRefused() {
        assertEquals("bad --host 'a/b': use letters, digits, '.', '_' or '-'", usage("--host", "a/b"));
        assertEquals("bad --host '..': use letters, digits, '.', '_' or '-'", usage("--host", ".."));
        assertEquals("bad --topic-prefix 'a b': use letters, digits, '.', '_' or '-'", usage("--kafka", "k:1", "--topic-prefix", "a b"));
    }

    @Test
    void aMissingConfigFileIsNamed() {
        UserError e = assertThrows(UserError.class, () -> parse("--kafka", "k:1", "--kafka-config", tmp.resolve("nope").toString()));
        assertEquals("cannot read --kafka-config " + tmp.resolve("nope") + ": no such file", e.getMessage());
    }
}
