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

/** `sonde record` in a child JVM: started, awaited until it says it is recording, stopped by a signal. */
public final class RecorderProcess implements AutoCloseable {
    private final Process process;
    private final StringBuffer err = new StringBuffer();
    private final CountDownLatch recording = new CountDownLatch(1);

    private RecorderProcess(Process process) {
        this.process = process;
        Thread t = new Thread(this::readErr, "recorder-stderr");
        t.setDaemon(true);
        t.start();
    }

    /** Starts recording to {@code out} and returns once the start message was printed. */
    public static RecorderProcess start(Path out, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("-o", out.toString()));
        all.addAll(List.of(args));
        return startRecord(all);
    }

    /** Starts `sonde record ARGS` (no -o added: for --kafka) and returns once the start message was printed. */
    public static RecorderProcess startRecord(List<String> args) throws IOException, InterruptedException {
        return startRecord(List.of("-Xmx256m", "-XX:+UseSerialGC"), args);
    }

    /** As {@link #startRecord(List)}, in a JVM with these options (the launcher's: {@link Launcher}). */
    public static RecorderProcess startRecord(List<String> jvmOptions, List<String> args) throws IOException,
            InterruptedException {
        List<String> all = new ArrayList<>(List.of("record"));
        all.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(Jvm.command(jvmOptions, "sonde.recorder.Main", all));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        RecorderProcess r = new RecorderProcess(pb.start());
        if (!r.recording.await(30, TimeUnit.SECONDS)) {
            r.process.destroyForcibly();
            throw new IOException("recorder did not start: " + r.err);
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

    /** Sends a signal (INT, TERM, KILL) and waits for the recorder to end. */
    public Jvm.Result stop(String signal) throws IOException, InterruptedException {
        Workloads.run(List.of("kill", "-" + signal, String.valueOf(process.pid())));
        return await();
    }

    /** Waits for the recorder to end by itself (--duration). */
    public Jvm.Result await() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("recorder did not end: " + err);
        }
        Thread.sleep(50); // let the stderr reader take the last lines
        return new Jvm.Result(process.exitValue(), "", err.toString());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
