package sonde.recorder.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a sonde main class in a child JVM on the test class path, as a user would run it. */
public final class Jvm {
    /** A finished child: exit status and what it printed. */
    public record Result(int exit, String out, String err) {
    }

    private Jvm() {
    }

    /**
     * The command line of a child JVM: no hsperfdata files (they would be left in /tmp by a child
     * that is killed), and this JVM's temporary directories (under target/, see the parent pom), so
     * that native libraries a child or JNA unpacks stay there too. The stop signals start at their
     * defaults, as in a terminal or a service: a test run started in the background (INT ignored)
     * or under nohup (HUP ignored) passes the ignoring on, a JVM keeps a signal ignored at its start
     * ignored, and a child stopped with INT would then never stop (IngestCommandTest waited for ever).
     */
    public static List<String> command(String mainClass, List<String> args) {
        return command(List.of("-Xmx256m", "-XX:+UseSerialGC"), mainClass, args);
    }

    /** The child's command with these JVM options (heap, collector) instead of the default ones. */
    public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=HUP,INT,TERM", javaBinary()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-XX:-UsePerfData", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-Djna.tmpdir=" + System.getProperty("jna.tmpdir", System.getProperty("java.io.tmpdir")),
                "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        return cmd;
    }

    public static Result run(String mainClass, List<String> args, Map<String, String> env) throws IOException,
            InterruptedException {
        return run(command(mainClass, args), env);
    }

    public static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        return run(command, env, null);
    }

    /**
     * {@link #run} with the child's standard output sent to {@code stdout} (/dev/full, say),
     * or captured if that is null; the result's out is then "".
     */
    public static Result run(List<String> command, Map<String, String> env, Path stdout) throws IOException,
            InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("sonde-out", ".txt");
        Path err = Files.createTempFile("sonde-err", ".txt");
        pb.redirectOutput((stdout == null ? out : stdout).toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) { // minutes: a JVM or Jupyter on a busy host
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /**
     * Sends a signal (INT, TERM, KILL) to a child that should still be running; one that has
     * already ended fails the test with its status and what it printed, which say why.
     */
    public static void signal(Process p, String signal, String what, CharSequence stderr) throws IOException,
            InterruptedException {
        if (!p.isAlive()) {
            throw new AssertionError(what + " had already ended (status " + p.exitValue() + ") before SIG" + signal
                    + "; its stderr:\n" + stderr);
        }
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).redirectErrorStream(true).start();
        String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (kill.waitFor() != 0) {
            Thread.sleep(100); // let a reader take the child's last lines
            throw new AssertionError("kill -" + signal + " " + what + " failed: " + out.strip() + " (status "
                    + (p.isAlive() ? "running" : String.valueOf(p.exitValue())) + "); its stderr:\n" + stderr);
        }
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The test class path copied where any user can read it (the local Maven repository is
     * usually under /root), for running a child as an unprivileged user.
     */
    public static String worldReadableClassPath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(e);
            if (Files.isRegularFile(src)) {
                Path dst = dir.resolve(i++ + "-" + src.getFileName());
                Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
                dst.toFile().setReadable(true, false);
                entries.add(dst.toString());
            } else {
                entries.add(e);
            }
        }
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        return String.join(File.pathSeparator, entries);
    }
}
