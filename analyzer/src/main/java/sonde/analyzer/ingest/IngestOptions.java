package sonde.analyzer.ingest;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The options of {@code sonde ingest}, validated.
 *
 * @param durationNs       how long to run, or -1 until a signal
 * @param connectTimeoutMs  how long the start-up check waits for the cluster (sonde.connect.timeout.ms)
 * @param instance          --instance, or null for the default ({@link Instance})
 * @param pauseBeforeCommit sonde.pause.before.commit, a test hook: wait for SIGKILL before the N-th commit (0: never)
 */
record IngestOptions(String bootstrap, Properties client, String group, String topicPrefix, Path out, long rotateNs,
                     long rotateBytes, long durationNs, long connectTimeoutMs, String instance, int pauseBeforeCommit) {
}
