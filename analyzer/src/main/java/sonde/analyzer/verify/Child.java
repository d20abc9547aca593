package sonde.analyzer.verify;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sonde.recorder.cli.UserError;

/** Processes sonde verify starts: the recorder (a JVM on this class path) and the workloads. */
final class Child {
    private Child() {
    }

    /** A finished workload: its pid and what it printed. */
    record Ran(long pid, String output) {
    }

    static Ran run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new UserError("workload failed: " + String.join(" ", command) + ": " + out.strip());
        }
        return new Ran(p.pid(), out);
    }

    static List<String> java(String mainClass, List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** `sonde record` running in a child JVM, started once it has said it is recording. */
    static final class Recorder {
        private final Process process;
        private final StringBuffer err = new StringBuffer();
        private final CountDownLatch started = new CountDownLatch(1);

        Recorder(List<String> recordArgs) throws IOException, InterruptedException {
            List<String> args = new ArrayList<>(List.of("record"));
            args.addAll(recordArgs);
            process = new ProcessBuilder(java("sonde.recorder.Main", List.of("-Xmx256m", "-XX:+UseSerialGC"), args))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread t = new Thread(this::read, "verify-recorder-stderr");
            t.setDaemon(true);
            t.start();
            if (!started.await(30, TimeUnit.SECONDS) || !process.isAlive()) {
                process.destroyForcibly();
                throw new UserError("the recorder did not start: " + err.toString().strip());
            }
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    err.append(line).append(File.separatorChar == '/' ? "\n" : System.lineSeparator());
                    if (line.startsWith("Recording ")) {
                        started.countDown();
                    }
                }
            } catch (IOException e) {
                err.append(e);
            }
            started.countDown();
        }

        /**
         * SIGTERM, which the recorder handles as Ctrl-C, then waits for the summary. Not SIGINT: a
         * verify started in the background of a script passes INT on ignored, the child JVM keeps
         * it ignored, and verify waited a minute for a recorder that never stopped.
         */
        String stop() throws IOException, InterruptedException {
            run(List.of("kill", "-TERM", String.valueOf(process.pid())));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new UserError("the recorder did not stop: " + err.toString().strip());
            }
            Thread.sleep(50);
            if (process.exitValue() != 0) {
                throw new UserError("the recorder failed: " + err.toString().strip());
            }
            return err.toString();
        }

        void kill() {
            process.destroyForcibly();
        }
    }
}
