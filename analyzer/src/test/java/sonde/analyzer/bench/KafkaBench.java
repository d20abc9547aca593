package sonde.analyzer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import sonde.analyzer.ingest.IngestProcess;
import sonde.recorder.sink.SequencedSink;
import sonde.recorder.sink.kafka.KafkaSink;
import sonde.recorder.sink.kafka.KafkaTarget;
import sonde.recorder.testing.Rows;
import sonde.schema.DiskIo;

/**
 * A benchmark, not a test: producer throughput of the recorder's Kafka sink (rows/s from the first
 * write until every row is acknowledged) and end-to-end latency from a row being recorded to it
 * being in a closed Parquet file written by `sonde ingest` (--rotate-interval 1s).
 *
 * <p>USAGE: java -cp TEST_CLASSPATH sonde.analyzer.bench.KafkaBench HOST:PORT [ROWS] [RATE_PER_S]
 */
public final class KafkaBench {
    private KafkaBench() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        Path tmp = Files.createTempDirectory("sonde-bench");
        throughput(bootstrap, rows, tmp);
        latency(bootstrap, rate, tmp);
    }

    private static SequencedSink sink(String bootstrap, String prefix, Path spool) {
        return new SequencedSink(KafkaSink.open(KafkaTarget.of(bootstrap, new Properties(), prefix, spool, 1L << 30), "bench"));
    }

    private static void throughput(String bootstrap, int rows, Path tmp) throws Exception {
        String prefix = "bench" + System.nanoTime();
        SequencedSink s = sink(bootstrap, prefix, tmp.resolve("spool-t"));
        long t0 = System.nanoTime();
        for (int i = 0; i < rows; i++) {
            s.write(Rows.disk("bench-t", 0));
        }
        long queued = System.nanoTime();
        s.close();
        long acked = System.nanoTime();
        s.writeRecording(Rows.recording("bench-t", Map.of("disk_io", (long) rows)));
        System.out.printf("throughput: %,d disk_io rows (%d bytes each encoded) in %.2f s = %,.0f rows/s acknowledged"
                        + " (send() returned after %.2f s: %,.0f rows/s); spooled %d%n", rows,
                sonde.recorder.sink.kafka.EventCodec.encode(Rows.disk("bench-t", 1)).length, (acked - t0) / 1e9,
                rows / ((acked - t0) / 1e9), (queued - t0) / 1e9, rows / ((queued - t0) / 1e9), s.counters().get("kafka.spooled"));
    }

    private static void latency(String bootstrap, int rate, Path tmp) throws Exception {
        String prefix = "lat" + System.nanoTime();
        Path out = tmp.resolve("fleet");
        Map<Path, Long> seen = new HashMap<>();
        try (IngestProcess ing = IngestProcess.start(bootstrap, out, "--topic-prefix", prefix, "--group", prefix)) {
            Thread.sleep(4000); // joined
            SequencedSink s = sink(bootstrap, prefix, tmp.resolve("spool-l"));
            int total = rate * 10;
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / rate);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                DiskIo d = Rows.disk("bench-l", 0);
                d.setTsNs(System.currentTimeMillis() * 1_000_000L); // "recorded" now, wall clock
                s.write(d);
                if (i % 1000 == 0) {
                    watch(out, seen);
                }
            }
            s.close();
            s.writeRecording(Rows.recording("bench-l", Map.of("disk_io", (long) total)));
            long until = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < until) {
                watch(out, seen);
                Thread.sleep(20);
            }
            ing.stop("INT");
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE seen (file VARCHAR, seen_ms BIGINT)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO seen VALUES (?, ?)")) {
                for (var e : seen.entrySet()) {
                    ps.setString(1, e.getKey().toString());
                    ps.setLong(2, e.getValue());
                    ps.execute();
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*), quantile_cont(l, 0.5), quantile_cont(l, 0.99), max(l) FROM ("
                    + " SELECT s.seen_ms - d.ts_ns / 1000000 AS l FROM read_parquet('" + out + "/disk_io/**/*.parquet', filename = true) d"
                    + " JOIN seen s ON s.file = d.filename)")) {
                rs.next();
                System.out.printf("latency record -> closed Parquet (ingest --rotate-interval 1s, %d rows/s): %,d rows,"
                        + " p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", rate, rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
            }
        }
    }

    /** Notes when each Parquet file became visible (they are renamed into place when complete). */
    private static void watch(Path out, Map<Path, Long> seen) throws Exception {
        Path dir = out.resolve("disk_io");
        if (!Files.isDirectory(dir)) {
            return;
        }
        long now = System.currentTimeMillis();
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> ps = files.filter(p -> p.toString().endsWith(".parquet") && !p.getFileName().toString().startsWith(".")).toList();
            for (Path p : ps) {
                seen.putIfAbsent(p, now);
            }
        }
    }
}
