package sonde.dist;

import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.Privileged;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every installed sonde must do, as a user runs it: name its version, record the disk for
 * two seconds, and show who used it. Also where the packaged artifacts are (dist's target/).
 */
final class Installed {
    static final String VERSION = System.getProperty("sonde.version");
    static final Path DIST = Path.of(System.getProperty("sonde.dist"));

    private Installed() {
    }

    /** The one artifact of dist/target whose name matches {@code glob} (e.g. "sonde_*_all.deb"). */
    static Path artifact(String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        try (var s = Files.newDirectoryStream(DIST, glob)) {
            s.forEach(found::add);
        }
        assertEquals(1, found.size(), "one " + glob + " in " + DIST + " (run mvn package first): " + found);
        return found.get(0);
    }

    /** --version, record --disk --duration 2s -o DIR, top DIR: each exits 0 and says what it should. */
    static void recordsAndReports(Path sonde, Path work, Map<String, String> env) throws Exception {
        Privileged.requireTracing();
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("XDG_CACHE_HOME", work.resolve("cache").toString());
        Jvm.Result v = run(List.of(sonde.toString(), "--version"), e);
        assertTrue(v.out().contains(VERSION), "--version names " + VERSION + ": " + v.out());

        Path dir = work.resolve("rec");
        // block I/O of the test's own while it records: a quiet host may do none in two seconds
        java.util.concurrent.atomic.AtomicBoolean recording = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try {
                while (recording.get()) {
                    new ProcessBuilder("dd", "if=/dev/zero", "of=" + work.resolve("io.bin"), "bs=64k", "count=4",
                            "oflag=direct", "status=none").start().waitFor();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        writer.start();
        Jvm.Result r;
        try {
            r = run(List.of(sonde.toString(), "record", "--disk", "--duration", "2s", "-o", dir.toString()), e);
        } finally {
            recording.set(false);
            writer.join();
        }
        assertTrue(r.err().contains("Recorded") || r.out().contains("Recorded"), r.err());
        try (Stream<Path> files = Files.walk(dir.resolve("disk_io"))) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".parquet")), "disk_io rows written under " + dir);
        }
        Jvm.Result t = run(List.of(sonde.toString(), "top", dir.toString(), "--format", "json"), e);
        assertTrue(t.out().trim().startsWith("{") || t.out().trim().startsWith("["), "top's JSON: " + t.out());
    }

    /** Runs a command that must exit 0; its output is the message when it does not. */
    static Jvm.Result run(List<String> command, Map<String, String> env) throws Exception {
        Jvm.Result r = Jvm.run(command, env);
        assertEquals(0, r.exit(), command + " exited " + r.exit() + ":\n" + r.out() + r.err());
        return r;
    }
}
