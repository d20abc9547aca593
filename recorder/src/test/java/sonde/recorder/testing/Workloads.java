package sonde.recorder.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Known workloads that tests apply while recording: processes with a known pid and size. */
public final class Workloads {
    private Workloads() {
    }

    /**
     * Where scratch directories go: the module's target/scratch, on the build's disk (a workload's
     * block I/O must reach a real device, and /tmp may be tmpfs). Tests take theirs with
     * {@code @TempDir(factory = OnDisk.class)}, which JUnit removes after the test.
     */
    public static Path scratchRoot() {
        return Path.of(System.getProperty("user.dir"), "target", "scratch");
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
        return ddDirectWrite(Path.of("dd"), file, mib);
    }

    /** The same, by a dd of the test's own name ({@link Named#exe()}). */
    public static Ran ddDirectWrite(Path dd, Path file, int mib) throws IOException, InterruptedException {
        return run(List.of(dd.toString(), "if=/dev/zero", "of=" + file, "bs=1M", "count=" + mib, "oflag=direct",
                "conv=notrunc", "status=none"));
    }

    /** A file of {@code mib} MiB, written and synced, for read workloads. */
    public static void layout(Path file, int mib) throws IOException, InterruptedException {
        run(List.of("dd", "if=/dev/urandom", "of=" + file, "bs=1M", "count=" + mib, "conv=fsync", "status=none"));
    }

    /** fio as one process (--thread), so the pid that issues the I/O is the one we started. */
    public static Ran fio(Path file, String... options) throws IOException, InterruptedException {
        return fio(Path.of("fio"), file, options);
    }

    /** The same, by a fio of the test's own name ({@link Named#exe()}). */
    public static Ran fio(Path fio, Path file, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(fio.toString(), "--name=sonde-test", "--filename=" + file, "--thread",
                "--output-format=json"));
        cmd.addAll(List.of(options));
        return run(cmd);
    }

    /**
     * A process started but held until {@link #release()}: the command's first act must be to
     * read a line from its stdin (bash's {@code read}, cat's {@code -}), which release writes. So
     * its pid is known and its program loaded before the recording starts, for a recording that
     * keeps to it (-p PID, or -c with its name).
     */
    public static final class Held {
        private final Process process;
        private final List<String> command;
        private final boolean discardOutput;

        private Held(Process process, List<String> command, boolean discardOutput) {
            this.process = process;
            this.command = command;
            this.discardOutput = discardOutput;
        }

        /** @param discardOutput send the command's output to /dev/null (a cat of 160 MiB), else keep it */
        public static Held start(List<String> command, boolean discardOutput) throws IOException, InterruptedException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (discardOutput) {
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            Held h = new Held(pb.start(), command, discardOutput);
            // until the program is loaded and waits on its stdin (the loader's reads come first)
            for (int i = 0; i < 500 && !h.waitsOnStdin(); i++) {
                Thread.sleep(10);
            }
            return h;
        }

        private boolean waitsOnStdin() {
            try {
                String syscall = Files.readString(Path.of("/proc/" + process.pid() + "/syscall")).trim();
                return syscall.startsWith("0 0x0 "); // read(0, ...) on x86_64
            } catch (IOException e) {
                return false;
            }
        }

        public long pid() {
            return process.pid();
        }

        /** Lets the command run and waits for it to end; fails unless it exits 0. */
        public Ran release() throws IOException, InterruptedException {
            try (var in = process.getOutputStream()) {
                in.write('\n');
            }
            String out = discardOutput ? "" : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IOException(command + " exited " + process.exitValue() + ": " + out);
            }
            return new Ran(process.pid(), 0, out);
        }

        /** Ends it if it was never released (a failed test). */
        public void kill() {
            process.destroyForcibly();
        }
    }

    /** The absolute path of a tool on PATH. */
    public static Path which(String tool) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toRealPath();
            }
        }
        throw new IOException(tool + " not found on PATH");
    }

    /** Removes a directory tree, quietly: for clean-up paths that must not mask the test's own failure. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }
}
