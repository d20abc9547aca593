package sonde.recorder.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import sonde.recorder.tracefs.Privileges;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Guards for tests that need the real kernel: root, tracefs, tools like fio. Outside CI a
 * missing capability skips the test; under CI=true it fails it, so CI never passes by skipping.
 */
public final class Privileged {
    private Privileged() {
    }

    public static void requireTracing() {
        boolean ok = Privileges.canTrace() && Files.isDirectory(Path.of("/sys/kernel/tracing/instances"));
        require(ok, "needs root and tracefs mounted at /sys/kernel/tracing");
    }

    public static void requirePerf() {
        require(Privileges.canPerf(), "needs perf_event_open for all CPUs (root or CAP_PERFMON)");
    }

    public static void requireTool(String tool) {
        requireTool(tool, tool);
    }

    /** The tool on PATH, from the Debian package {@code pkg}. */
    public static void requireTool(String tool, String pkg) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                found = true;
                break;
            }
        }
        require(found, "needs " + tool + " (apt-get install " + pkg + ")");
    }

    /** Fails under CI=true, skips otherwise, unless {@code ok}: {@code what} says what is missing. */
    public static void require(boolean ok, String what) {
        if (ok) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("CI=true but this test " + what);
        }
        Assumptions.abort("skipped: " + what);
    }
}
