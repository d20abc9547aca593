package sonde.analyzer.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sonde.analyzer.db.Dataset;
import sonde.recorder.testing.Jvm;

/**
 * `sonde ingest` in a child JVM, as a user runs it: started, awaited until it says it is
 * ingesting, stopped by a signal once the output holds what the test expects.
 */
public final class IngestProcess implements AutoCloseable {
    private final Process process;
    private final StringBuffer err = new StringBuffer();
    private final CountDownLatch started = new CountDownLatch(1);

    private IngestProcess(Process process) {
        this.process = process;
        Thread t = new Thread(this::readErr, "ingest-stderr");
        t.setDaemon(true);
        t.start();
    }

    /**
     * --kafka-config for a busy host: the start-up check waits up to a minute for the test broker
     * (10 s by default; a broker in a test JVM on a loaded 2-CPU host took longer).
     */
    public static final String PATIENT = "sonde.connect.timeout.ms=60000\n";

    /**
     * Starts ingesting (files closed and committed every second) and returns once it says so; with
     * {@link #PATIENT} as its --kafka-config unless ARGS give one (which should hold it too).
     */
    public static IngestProcess start(String bootstrap, Path out, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("ingest", "--kafka", bootstrap, "--out", out.toString(), "--rotate-interval", "1s"));
        all.addAll(List.of(args));
        if (!all.contains("--kafka-config")) {
            Path conf = Files.createDirectories(out.toAbsolutePath().getParent()).resolve(out.getFileName() + "-ingest-"
                    + System.nanoTime() + ".properties");
            all.addAll(List.of("--kafka-config", Files.writeString(conf, PATIENT).toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(Jvm.command("sonde.analyzer.Main", all));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        IngestProcess p = new IngestProcess(pb.start());
        if (!p.started.await(120, TimeUnit.SECONDS) || !p.err.toString().contains("Ingesting ")) { // slow on a busy host
            p.process.destroyForcibly();
            throw new IOException("ingest did not start: " + p.err);
        }
        return p;
    }

    private void readErr() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                err.append(line).append('\n');
                if (line.startsWith("Ingesting ")) {
                    started.countDown();
                }
            }
        } catch (IOException e) {
            err.append("[stderr: ").append(e).append("]\n");
        }
        started.countDown();
    }

    /** Sends a signal (INT, TERM, KILL) and waits for the end; fails with its stderr if it had ended already. */
    public Jvm.Result stop(String signal) throws IOException, InterruptedException {
        Jvm.signal(process, signal, "the ingester", err);
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ingest did not end: " + err);
        }
        Thread.sleep(50);
        return new Jvm.Result(process.exitValue(), "", err.toString());
    }

    public String err() {
        return err.toString();
    }

    /** Waits until the ingester has printed a line starting with {@code prefix} and returns that line. */
    public String awaitLine(String prefix, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            for (String line : err.toString().lines().toList()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the ingester did not print '" + prefix + "…' within " + timeoutMs + " ms: " + err);
    }

    /**
     * The seconds from the start of consuming to getting partitions, as the ingester's line
     * "Consuming N partitions after S s" says (after a restart: how long the group kept it waiting).
     */
    public double secondsToPartitions() throws InterruptedException {
        String line = awaitLine("Consuming ", 120_000);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("after ([0-9.]+) s").matcher(line);
        if (!m.find()) {
            throw new AssertionError("no time in: " + line);
        }
        return Double.parseDouble(m.group(1));
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** {@link #awaitComplete(Path, int, long)}, failing with what this ingester printed. */
    public void awaitComplete(Path out, int recordings) throws InterruptedException {
        try {
            awaitComplete(out, recordings, 120_000); // on a busy host too
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; ingest said: " + err, e);
        }
    }

    /**
     * Waits until {@code out} holds, for each of {@code recordings} recording rows, every row its
     * event_counts announce (distinct event_seq per kind), or fails after the timeout.
     */
    public static void awaitComplete(Path out, int recordings, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        String last = "nothing yet";
        while (System.currentTimeMillis() < deadline) {
            if (Files.isDirectory(out.resolve("recording"))) {
                try (Dataset ds = Dataset.open(out)) {
                    Map<String, Long> missing = missing(ds);
                    long recs = ds.query("q", "SELECT count(DISTINCT recording_id) FROM recording", rs -> rs.next() ? rs.getLong(1) : 0L);
                    if (recs >= recordings && missing.isEmpty()) {
                        return;
                    }
                    last = recs + " recordings, missing " + missing;
                } catch (RuntimeException e) {
                    last = e.getMessage();
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("ingest did not catch up within " + timeoutMs + " ms: " + last);
    }

    /** Per recording and kind, how many announced rows are not there (by distinct event_seq). */
    public static Map<String, Long> missing(Dataset ds) {
        Map<String, Long> m = new HashMap<>();
        for (String kind : List.of("disk_io", "vfs_io", "cpu_sample")) {
            ds.query("q", "SELECT r.recording_id, r.event_counts['" + kind + "'] - coalesce((SELECT count(DISTINCT event_seq) FROM "
                    + kind + " k WHERE k.recording_id = r.recording_id), 0) FROM recording r WHERE r.event_counts['" + kind
                    + "'] IS NOT NULL", rs -> {
                        while (rs.next()) {
                            if (rs.getLong(2) != 0) {
                                m.put(rs.getString(1) + "/" + kind, rs.getLong(2));
                            }
                        }
                        return null;
                    });
        }
        return m;
    }
}
