package sonde.recorder.sink.kafka;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Where and how `sonde record --kafka` sends: bootstrap servers, client properties, topic prefix,
 * spool, and the timings of outage handling.
 *
 * @param spoolDir       the spool directory, or null for one of {@link SpoolDirs} under spoolRoot
 * @param closeWaitMs    at the end, how long to wait for in-flight sends and replay before leaving
 *                       the rest in the spool (sonde.close.wait.ms, default 10000)
 * @param stallMs        no acknowledgement for this long while sends are pending means an outage:
 *                       new events go to the spool (sonde.stall.ms, default 5000)
 * @param connectTimeoutMs how long rows are held in memory at the start while the cluster is made
 *                         ready, before an outage is declared and they are spooled; also each
 *                         attempt's wait for an answer (sonde.connect.timeout.ms, default 5000)
 */
public record KafkaTarget(String bootstrap, Properties client, String topicPrefix, Path spoolDir, Path spoolRoot,
                          long spoolBytes, long closeWaitMs, long stallMs, long connectTimeoutMs) {
    public static final Path DEFAULT_SPOOL_ROOT = Path.of("/var/tmp/sonde-spool");

    public KafkaTarget {
        client = KafkaArgs.clientOnly(client);
    }

    /** From the command line: sonde.* keys of the config file set the timings. */
    public static KafkaTarget of(String bootstrap, Properties config, String topicPrefix, Path spoolDir, long spoolBytes) {
        Properties p = new Properties();
        p.putAll(config);
        long closeWait = KafkaArgs.takeMs(p, "sonde.close.wait.ms", 10_000);
        long stall = KafkaArgs.takeMs(p, "sonde.stall.ms", 5_000);
        long connect = KafkaArgs.takeMs(p, "sonde.connect.timeout.ms", 5_000);
        return new KafkaTarget(bootstrap, p, topicPrefix, spoolDir, DEFAULT_SPOOL_ROOT, spoolBytes, closeWait, stall, connect);
    }

    public KafkaTarget withSpoolRoot(Path root) {
        return new KafkaTarget(bootstrap, client, topicPrefix, spoolDir, root, spoolBytes, closeWaitMs, stallMs, connectTimeoutMs);
    }

    public Topics topics() {
        return new Topics(topicPrefix);
    }
}
