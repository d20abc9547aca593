package sonde.recorder;

import sonde.recorder.perf.NativeLibs;
import sonde.recorder.sink.table.Table;

/**
 * Start-up work that does not depend on the kernel, done on a second thread while the first
 * sets up tracing (the kernel allocating ring buffers): binding libc through JNA and parsing
 * the row layouts (the .avsc files). Both are needed before tracing starts; done in
 * parallel, tracing starts that much sooner. (Class initialisation is thread-safe: the first
 * thread to need a class the warm-up is still initialising waits for it.)
 */
final class Warmup {
    private final Thread thread;

    private Warmup(RecordOptions o) {
        thread = new Thread(() -> {
            try {
                NativeLibs.bind();
                Table.DISK_IO.hashCode(); // the layouts of every kind, read from the .avsc files
            } catch (Throwable t) {
                // the same work is done again where it is needed, and fails there with its own message
            }
        }, "sonde-warmup");
        thread.setDaemon(true);
    }

    static void start(RecordOptions o) {
        new Warmup(o).thread.start();
    }
}
