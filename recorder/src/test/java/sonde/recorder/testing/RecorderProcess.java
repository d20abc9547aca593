package sonde.recorder.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * `sonde record` in a child JVM: started, awaited until it says it is recording, stopped by a
 * signal. Every failure (it did not start, it ended early, it did not end) shows what the
 * recorder printed on stderr. The waits are generous: on a busy host a JVM starts slowly and a
 * recorder that fell behind drains its ring buffers at the end.
 */
public final class RecorderProcess implements AutoCloseable {
    private static final long START_S = 120;
    private static final long END_S = 300;

    private final Process process;
    private final StringBuffer err = new StringBuffer();
    private final CountDownLatch recording = new CountDownLatch(1);
    private final Thread reader;

    private RecorderProcess(Process process) {
        this.process = process;
        reader = new Thread(this::readErr, "recorder-stderr");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts recording to {@code out} and returns once the start message was printed. */
    public static RecorderProcess start(Path out, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("-o", out.toString()));
        all.addAll(List.of(args));
        return startRecord(all);
    }

    /**
     * Starts `sonde record ARGS` (no -o added: for --kafka) in a JVM set up as the launcher sets it
     * up (heap, collector, compiler; not its class-data archive), and returns once the start
     * message was printed.
     */
    public static RecorderProcess startRecord(List<String> args) throws IOException, InterruptedException {
        return startRecord(Launcher.recorderJvmOptions(), args);
    }

    /** As {@link #startRecord(List)}, in a JVM with these options (the launcher's: {@link Launcher}). */
    public static RecorderProcess startRecord(List<String> jvmOptions, List<String> args) throws IOException,
            InterruptedException {
        List<String> all = new ArrayList<>(List.of("record"));
        all.addAll(args);
        // with the stop signals at their defaults (see Jvm.command)
        ProcessBuilder pb = new ProcessBuilder(Jvm.command(jvmOptions, "sonde.recorder.Main", all));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        RecorderProcess r = new RecorderProcess(pb.start());
        if (!r.recording.await(START_S, TimeUnit.SECONDS) || !r.err.toString().contains("Recording ")) {
            r.process.destroyForcibly();
            r.reader.join(1000);
            throw new IOException("recorder did not start (" + String.join(" ", args) + "): " + r.err);
        }
        return r;
    }

    private void readErr() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                err.append(line).append('\n');
                if (line.startsWith("Recording ")) {
                    recording.countDown();
                }
            }
        } catch (IOException e) {
            err.append("[stderr: ").append(e).append("]\n");
        }
        recording.countDown();
    }

    public long pid() {
        return process.pid();
    }

    /** Whether the recorder still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** What the recorder printed on stderr so far. */
    public String err() {
        return err.toString();
    }

    /** Sends a signal (STOP, CONT, ...) without waiting; fails if the recorder had ended already. */
    public void signal(String signal) throws IOException, InterruptedException {
        Jvm.signal(process, signal, "the recorder", err);
    }

    /** Sends a signal (INT, TERM, KILL) and waits for the recorder to end; fails if it had ended already. */
    public Jvm.Result stop(String signal) throws IOException, InterruptedException {
        Jvm.signal(process, signal, "the recorder", err);
        return await();
    }

    /** Sends a signal, waits for the end, and fails with the recorder's stderr unless it exited 0. */
    public Jvm.Result finish(String signal) throws IOException, InterruptedException {
        Jvm.Result r = stop(signal);
        if (r.exit() != 0) {
            throw new AssertionError("the recorder exited " + r.exit() + " after SIG" + signal + ":\n" + r.err());
        }
        return r;
    }

    /** Waits for the recorder to end by itself (--duration, or an error). */
    public Jvm.Result await() throws InterruptedException {
        if (!process.waitFor(END_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("recorder did not end within " + END_S + " s: " + err);
        }
        reader.join(5000); // the last lines: the summary
        return new Jvm.Result(process.exitValue(), "", err.toString());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
