package sonde.analyzer.e2e;

import sonde.analyzer.db.Dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recordings of a test's own workload on a host that may be busy. When the recorder falls behind
 * (other processes' events share its ring buffers, and a busy host leaves it little CPU), the
 * kernel drops events: the test then checks that the loss was counted (the recording row) and
 * reported (the summary on stderr), and records once more, rather than failing on someone
 * else's load. CPU samples the recorder itself dropped (its symbolizer behind) count as lost
 * too; they are counted in the recording row's counters, but the summary does not show them
 * yet (a recorder gap, reported). Tests assert exactly what their workload did on the
 * recording returned.
 */
final class Attempts {
    /**
     * --buffer-mb of the end-to-end recordings: 32 MiB per CPU holds about a minute of what a busy
     * host (bench/busy-host) puts into a recording filtered to the test's own command name (the
     * block completions of every process, which no name filter can keep out), should the recorder
     * not be scheduled for that long.
     */
    static final String BUFFER_MB = "32";

    private Attempts() {
    }

    /**
     * A recording a test made: where it is, what its recorder printed on stderr, and the host
     * whose recording row it is (null: every recording in the directory).
     */
    record Made(Path dir, String err, String host) {
        Made(Path dir, String err) {
            this(dir, err, null);
        }
    }

    /** One attempt at a measurement, in a fresh directory of its own. */
    interface Attempt<T> {
        T run(Path dir) throws Exception;
    }

    /** {@link #retryOnLoss(Path, Attempt, Function)} of an attempt that makes one recording. */
    static Made retryOnLoss(Path base, Attempt<Made> attempt) throws Exception {
        return retryOnLoss(base, attempt, List::of);
    }

    /**
     * Runs the attempt; if any of its recordings lost events, checks that the loss was counted and
     * reported, and runs it once more. Returns the last attempt's result, whose losses (if any)
     * were checked the same way; the caller asserts what the workload did on it.
     */
    static <T> T retryOnLoss(Path base, Attempt<T> attempt, Function<T, List<Made>> recordings) throws Exception {
        T first = attempt.run(Files.createDirectories(base.resolve("attempt-1")));
        long lost = 0;
        for (Made m : recordings.apply(first)) {
            lost += lostAsReported(m);
        }
        if (lost == 0) {
            return first;
        }
        System.out.printf("%,d events lost by the kernel (counted and reported); recording once more%n", lost);
        T second = attempt.run(Files.createDirectories(base.resolve("attempt-2")));
        for (Made m : recordings.apply(second)) {
            long again = lostAsReported(m);
            if (again > 0) {
                System.out.printf("%,d events lost again (counted and reported)%n", again);
            }
        }
        return second;
    }

    /**
     * The events a recording lost, as its recording row counts them, after checking that the
     * recorder's summary said the same: "N lost" in its totals and, when N is not 0, a LOST line
     * naming the CPUs, whose per-CPU counts are in the row too. Plus the CPU samples the
     * recorder dropped itself (counters: cpu_sample.dropped_symbolizer_behind).
     */
    static long lostAsReported(Made m) {
        String where = m.host() == null ? "" : " WHERE host = '" + m.host() + "'";
        long lost;
        long cpus;
        long dropped;
        try (Dataset ds = Dataset.open(m.dir())) {
            lost = ds.query("lost", "SELECT coalesce(sum(lost_events_total), 0)::BIGINT FROM recording" + where,
                    rs -> rs.next() ? rs.getLong(1) : -1L);
            dropped = ds.query("dropped", "SELECT coalesce(sum(counters['cpu_sample.dropped_symbolizer_behind']), 0)::BIGINT"
                    + " FROM recording" + where, rs -> rs.next() ? rs.getLong(1) : -1L);
            cpus = ds.query("cpus", "SELECT count(*) FROM recording, unnest(lost_events) AS t(l)" + where
                    + (where.isEmpty() ? " WHERE" : " AND") + " l.lost_events > 0", rs -> rs.next() ? rs.getLong(1) : -1L);
        }
        String n = String.format(Locale.ROOT, "%,d", lost);
        assertTrue(m.err().contains(", " + n + " lost"), "the summary states the " + n + " lost events of the"
                + " recording row: " + m.err());
        if (lost > 0) {
            assertTrue(m.err().contains("LOST " + n + " events (") && m.err().contains(": cpu"),
                    "losses reported per source and CPU: " + m.err());
            assertTrue(cpus > 0, "losses counted per CPU in the recording row");
        } else {
            assertEquals(0, cpus, "no CPU with losses in the recording row");
        }
        if (dropped > 0) {
            System.out.printf("%,d CPU samples dropped by the recorder, its symbolizer behind (counted in"
                    + " recording.counters, not in the summary)%n", dropped);
        }
        return lost + dropped;
    }
}
