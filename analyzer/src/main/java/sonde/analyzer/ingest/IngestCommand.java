package sonde.analyzer.ingest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import sonde.recorder.StopSignal;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Cli;
import sonde.recorder.cli.CommandSpec;
import sonde.recorder.cli.Durations;
import sonde.recorder.cli.Opt;
import sonde.recorder.cli.UsageException;
import sonde.recorder.cli.UserError;
import sonde.recorder.sink.kafka.KafkaArgs;
import sonde.recorder.sink.kafka.KafkaClients;
import sonde.recorder.sink.kafka.Topics;

/**
 * sonde ingest: the fleet's events from Kafka (what {@code sonde record --kafka} sends) into the
 * Parquet layout of a local recording, for the same reports, DuckDB, Spark or Trino. A consumer
 * group: several ingesters with one --group share the topics' partitions. See {@link Ingester}
 * for when offsets are committed, and deploy/README.md for the fleet.
 */
public final class IngestCommand {
    public static final CommandSpec SPEC = new CommandSpec("ingest",
            "Kafka to Parquet: consume the sonde topics of a fleet into DIR/<kind>/host=H/date=D/, committing offsets"
                    + " only once the files holding them are closed (at least once; duplicates share recording_id and event_seq).",
            "--kafka HOST:PORT --out DIR [--group NAME] [--kafka-config FILE] [--topic-prefix PREFIX] [--rotate-interval DUR] [--duration DUR]",
            List.of(Opt.value("kafka", "HOST:PORT", "bootstrap servers of the cluster the recorders send to"),
                    Opt.value("out", 'o', "DIR", "output directory, e.g. on shared storage; the layout sonde record --out writes"),
                    Opt.value("group", "NAME", "consumer group (default sonde-ingest); ingesters in one group share the partitions"),
                    Opt.value("kafka-config", "FILE", "Kafka client properties (TLS, SASL, consumer settings);"
                            + " sonde.connect.timeout.ms: how long the start-up check waits for the cluster (default 10000)"),
                    Opt.value("topic-prefix", "PREFIX", "topic name prefix (default sonde): PREFIX.disk_io, .vfs_io, .cpu_sample, .recording, .jit_symbol"),
                    Opt.value("rotate-interval", "DUR", "close the files and commit their offsets every DUR (default 60s)"),
                    Opt.value("rotate-size", "MB", "also start a new file after MB MiB (default 128)"),
                    Opt.value("duration", "DUR", "stop after DUR; default: until Ctrl-C (which closes the files and commits)")),
            List.of("sonde ingest --kafka kafka1:9092 --out /data/sonde", "run until Ctrl-C; start more with the same --group to share the load",
                    "sonde top /data/sonde", "the fleet's disk users (add -c/-p, or query per host with sonde sql)",
                    "sonde sql /data/sonde \"SELECT DISTINCT ON (recording_id, event_seq) * FROM disk_io\"",
                    "rows without the duplicates at-least-once delivery may leave (after a crash or a rebalance)",
                    "sonde sql /data/sonde \"SELECT * FROM read_json('/data/sonde/dead-letter/*.jsonl')\"",
                    "messages that could not be decoded (unknown schema, corrupt), kept with the reason"));

    private IngestCommand() {
    }

    public static int run(String[] argv) {
        return Cli.run(SPEC, argv, IngestCommand::body);
    }

    private static int body(Args a) throws IOException {
        a.atMostPositionals(0);
        if (!a.has("kafka")) {
            throw new UsageException("missing --kafka HOST:PORT");
        }
        if (!a.has("out")) {
            throw new UsageException("missing --out DIR");
        }
        String group = a.get("group", "sonde-ingest");
        if (group.isBlank()) {
            throw new UsageException("bad --group '': empty group name");
        }
        Properties config = KafkaArgs.config(a.get("kafka-config"));
        IngestOptions o = new IngestOptions(KafkaArgs.bootstrap(a.get("kafka")), config, group,
                KafkaArgs.topicPrefix(a.get("topic-prefix", "sonde")), Path.of(a.get("out")),
                a.durationNs("rotate-interval", 60_000_000_000L), (long) a.intValue("rotate-size", 128, 1, 1 << 20) << 20,
                a.durationNs("duration", -1), connectTimeoutMs(config));
        return ingest(o, System.err);
    }

    /** sonde.connect.timeout.ms of --kafka-config, as sonde record reads it (sonde.* keys are not the client's). */
    private static long connectTimeoutMs(Properties config) {
        String v = config.getProperty("sonde.connect.timeout.ms");
        if (v == null) {
            return 10_000;
        }
        try {
            long ms = Long.parseLong(v.trim());
            if (ms <= 0) {
                throw new NumberFormatException();
            }
            return ms;
        } catch (NumberFormatException e) {
            throw new UserError("bad sonde.connect.timeout.ms '" + v + "' in --kafka-config: expected milliseconds");
        }
    }

    static int ingest(IngestOptions o, PrintStream err) throws IOException {
        Topics topics = new Topics(o.topicPrefix());
        KafkaClients.checkTopics(o.bootstrap(), o.client(), topics.all(), o.connectTimeoutMs());
        String id = "ingest-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        long started = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(o.bootstrap(), o.client(), o.group(), id))) {
            StopSignal signal = new StopSignal("ingest");
            signal.install(); // polls return within 200 ms; no wakeup(), which would break the final commit and close
            Ingester ing = new Ingester(o, consumer, id);
            err.println("Ingesting " + topics.prefix() + ".* from kafka at " + o.bootstrap() + " (group " + o.group() + ") to "
                    + o.out() + (o.durationNs() < 0 ? " — Ctrl-C to end" : " for " + Durations.format(o.durationNs())));
            try {
                ing.run(signal::stopRequested);
            } catch (IOException | Ingester.IngestFailure e) {
                throw new UserError("writing " + o.out() + " failed: " + e.getMessage()
                        + "; offsets of unfinished files were not committed, they are read again next time", null, e);
            }
            summary(ing, o, System.nanoTime() - started, err);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new UserError("reading kafka at " + o.bootstrap() + " failed: " + e.getMessage(), null, e);
        }
        return 0;
    }

    private static void summary(Ingester ing, IngestOptions o, long ns, PrintStream err) {
        StringBuilder kinds = new StringBuilder();
        ing.rows().forEach((k, n) -> kinds.append(kinds.length() == 0 ? "" : ", ").append(String.format("%,d %s", n, k)));
        err.printf("Ingested %s: %s rows (%s) in %,d files to %s, %,d commits%n", Durations.format(ns),
                String.format("%,d", ing.rows().values().stream().mapToLong(Long::longValue).sum()),
                kinds.length() == 0 ? "none" : kinds, ing.files(), o.out(), ing.commits());
        if (ing.deadLetters().count() > 0) {
            err.printf("%,d messages could not be decoded: kept in %s%n", ing.deadLetters().count(), ing.deadLetters().file());
        }
    }
}
