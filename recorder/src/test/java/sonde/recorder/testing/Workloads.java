package sonde.recorder.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Known workloads that tests apply while recording: processes with a known pid and size. */
public final class Workloads {
    private Workloads() {
    }

    /** A scratch directory on a real block device (the build's target directory, not tmpfs). */
    public static Path scratch(String name) throws IOException {
        Path p = Path.of(System.getProperty("user.dir"), "target", "scratch", name);
        Files.createDirectories(p);
        return p;
    }

    /** A finished process: its pid, exit status and output. */
    public record Ran(long pid, int exit, String output) {
    }

    public static Ran run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        long pid = p.pid();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException(command + " exited " + p.exitValue() + ": " + out);
        }
        return new Ran(pid, p.exitValue(), out);
    }

    /** dd writing {@code mib} MiB of zeros with O_DIRECT in 1 MiB writes. */
    public static Ran ddDirectWrite(Path file, int mib) throws IOException, InterruptedException {
        return run(List.of("dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=" + mib, "oflag=direct",
                "conv=notrunc", "status=none"));
    }

    /** A file of {@code mib} MiB, written and synced, for read workloads. */
    public static void layout(Path file, int mib) throws IOException, InterruptedException {
        run(List.of("dd", "if=/dev/urandom", "of=" + file, "bs=1M", "count=" + mib, "conv=fsync", "status=none"));
    }

    /** fio as one process (--thread), so the pid that issues the I/O is the one we started. */
    public static Ran fio(Path file, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("fio", "--name=sonde-test", "--filename=" + file, "--thread",
                "--output-format=json"));
        cmd.addAll(List.of(options));
        return run(cmd);
    }
}
