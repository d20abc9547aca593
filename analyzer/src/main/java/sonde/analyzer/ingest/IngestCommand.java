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
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import sonde.recorder.StopSignal;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Cli;
import sonde.recorder.cli.CommandSpec;
import sonde.recorder.cli.Durations;
import sonde.recorder.cli.Opt;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UsageException;
import sonde.recorder.cli.UserError;
import sonde.recorder.sink.OutputDir;
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
            "Kafka to Parquet: consume the sonde topics of a fleet into DIR/<kind>/host=H/date=D/, each message once,"
                    + " committing offsets only once the files holding them are closed (a crash loses nothing and repeats nothing).",
            "--kafka HOST:PORT --out DIR [--group NAME] [--instance NAME] [--kafka-config FILE] [--topic-prefix PREFIX] [--rotate-interval DUR] [--duration DUR]",
            List.of(Opt.value("kafka", "HOST:PORT", "bootstrap servers of the cluster the recorders send to"),
                    Opt.value("out", 'o', "DIR", "output directory, e.g. on shared storage; the layout sonde record --out writes"),
                    Opt.value("group", "NAME", "consumer group (default sonde-ingest); ingesters in one group share the partitions"),
                    Opt.value("instance", "NAME", "this ingester's name in the group (group.instance.id), the same after a restart,"
                            + " so that it gets its partitions back at once; default: this host's name and a hash of --out, --group"
                            + " and --topic-prefix"),
                    Opt.value("kafka-config", "FILE", "Kafka client properties (TLS, SASL, consumer settings);"
                            + " sonde.connect.timeout.ms: how long the start-up check waits for the cluster (default 10000)"),
                    Opt.value("topic-prefix", "PREFIX", "topic name prefix (default sonde): PREFIX.disk_io, .vfs_io, .cpu_sample, .recording, .jit_symbol"),
                    Opt.value("rotate-interval", "DUR", "close the files and commit their offsets every DUR (default 60s)"),
                    Opt.value("rotate-size", "MB", "also start a new file after MB MiB (default 128)"),
                    Opt.value("duration", "DUR", "stop after DUR; default: until Ctrl-C (which closes the files and commits)")),
            List.of("sonde ingest --kafka kafka1:9092 --out /data/sonde", "run until Ctrl-C; start more with the same --group to share the load",
                    "sonde top /data/sonde", "the fleet's disk users (add -c/-p, or query per host with sonde sql)",
                    "sonde sql /data/sonde \"SELECT host, count(*) FROM disk_io GROUP BY host\"",
                    "each row once: the views drop a row a recorder sent twice (same recording_id and event_seq)",
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
        String instance = a.get("instance", config.getProperty("group.instance.id")); // the client's own key, if set there
        if (instance != null && !Instance.NAME.matcher(instance).matches()) {
            throw new UsageException("bad --instance '" + instance + "': use letters, digits, '.', '_' or '-'");
        }
        IngestOptions o = new IngestOptions(KafkaArgs.bootstrap(a.get("kafka")), config, group,
                KafkaArgs.topicPrefix(a.get("topic-prefix", "sonde")), Path.of(a.get("out")),
                a.durationNs("rotate-interval", 60_000_000_000L), (long) a.intValue("rotate-size", 128, 1, 1 << 20) << 20,
                a.durationNs("duration", -1), connectTimeoutMs(config), instance, pauseBeforeCommit(config));
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

    /** sonde.pause.before.commit of --kafka-config: a test hook (see Ingester), 0 when absent. */
    private static int pauseBeforeCommit(Properties config) {
        String v = config.getProperty("sonde.pause.before.commit");
        try {
            return v == null ? 0 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UserError("bad sonde.pause.before.commit '" + v + "' in --kafka-config: expected a number of commits");
        }
    }

    static int ingest(IngestOptions o, PrintStream err) throws IOException {
        Topics topics = new Topics(o.topicPrefix());
        OutputDir out = OutputDir.prepare(o.out());
        try (Instance instance = Instance.acquire(out, o.instance(), o.group(), o.topicPrefix());
             Ledger ledger = new Ledger(out, instance.id())) {
            String id = "ingest-" + instance.id() + "-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                    .format(Instant.now()) + "-" + ProcessHandle.current().pid() + "-"
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
            int stale = instance.removeStaleFiles(out.root(), Topics.KINDS);
            KafkaClients.checkTopics(o.bootstrap(), o.client(), topics.all(), o.connectTimeoutMs());
            Properties props = KafkaClients.consumer(o.bootstrap(), o.client(), o.group(), id);
            props.put("group.instance.id", instance.id());
            long started = System.nanoTime();
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
            try {
                StopSignal signal = new StopSignal("ingest");
                signal.install(); // polls return within 200 ms; no wakeup(), which would break the final commit and close
                Ingester ing = new Ingester(o, consumer, out, id, ledger, err);
                err.println("Ingesting " + topics.prefix() + ".* from kafka at " + o.bootstrap() + " (group " + o.group() + ", instance "
                        + instance.id() + ") to " + o.out() + (o.durationNs() < 0 ? " — Ctrl-C to end" : " for " + Durations.format(o.durationNs()))
                        + (stale == 0 ? "" : String.format("; removed %d unfinished files of its last run", stale)));
                try {
                    ing.run(signal::stopRequested);
                } catch (IOException | Ingester.IngestFailure e) {
                    throw new UserError("writing " + o.out() + " failed: " + Reasons.of(e)
                            + "; offsets of unfinished files were not committed, they are read again next time", null, e);
                }
                // a static member stays in the group when it closes, for a restart to step in; a clean stop leaves,
                // so that the others get its partitions now rather than after session.timeout.ms
                consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
                summary(ing, o, System.nanoTime() - started, err);
            } finally {
                consumer.close(); // after a failure: stays a member, so that a restart resumes at once (no-op once closed)
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new UserError("reading kafka at " + o.bootstrap() + " failed: " + Reasons.of(e), null, e);
        }
        return 0;
    }

    private static void summary(Ingester ing, IngestOptions o, long ns, PrintStream err) {
        StringBuilder kinds = new StringBuilder();
        ing.rows().forEach((k, n) -> kinds.append(kinds.length() == 0 ? "" : ", ").append(String.format("%,d %s", n, k)));
        err.printf("Ingested %s: %s rows (%s) in %,d files to %s, %,d commits%s%n", Durations.format(ns),
                String.format("%,d", ing.rows().values().stream().mapToLong(Long::longValue).sum()),
                kinds.length() == 0 ? "none" : kinds, ing.files(), o.out(), ing.commits(),
                ing.skipped() == 0 ? "" : String.format("; %,d messages read again were in files already and skipped", ing.skipped()));
        if (ing.deadLetters().count() > 0) {
            err.printf("%,d messages could not be decoded: kept in %s%n", ing.deadLetters().count(), ing.deadLetters().file());
        }
    }
}
