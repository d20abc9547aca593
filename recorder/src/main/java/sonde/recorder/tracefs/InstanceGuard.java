package sonde.recorder.tracefs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Turns a tracing instance off and removes it when the recorder that owns it dies, however it
 * dies: kill -9 and the out-of-memory killer give a JVM no chance to clean up, and an instance
 * left on keeps its tracepoints firing on every system call of the host until someone removes
 * it. The guard is a small shell that ignores the signals a terminal or a service manager sends
 * to the whole group and waits for the end of a pipe only the recorder holds; when that pipe
 * closes (the recorder exited, cleanly or not), it writes 0 to {@code tracing_on} and removes
 * the instance (which the recorder has usually done already: then it finds nothing to do).
 */
final class InstanceGuard {
    private static final String SCRIPT = """
            trap '' INT TERM HUP QUIT
            cat > /dev/null
            [ -d "$1" ] || exit 0
            echo 0 > "$1/tracing_on" 2> /dev/null
            for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
              rmdir "$1" 2> /dev/null && exit 0
              [ -d "$1" ] || exit 0
              sleep 0.1
            done
            """;

    private final Process process;

    private InstanceGuard(Process process) {
        this.process = process;
    }

    /** Starts a guard of {@code dir}; null if no shell could be started (the next recorder removes it then). */
    static InstanceGuard start(Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", SCRIPT, "sonde-guard", dir.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            return new InstanceGuard(pb.start());
        } catch (IOException e) {
            return null;
        }
    }

    /** The instance is gone: the guard may end. */
    void release() {
        try (OutputStream in = process.getOutputStream()) {
            in.flush();
        } catch (IOException e) {
            // it ended already
        }
    }
}
