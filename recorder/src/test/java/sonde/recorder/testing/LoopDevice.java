package sonde.recorder.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A loop device over a sparse file in a test's scratch directory: a block device whose I/O is
 * only the test's, however busy the host's disks are (no other process's request can merge with
 * the test's, and a recording of it, -d loopN, holds nothing else). Detached on close.
 */
public final class LoopDevice implements AutoCloseable {
    private final String device;

    private LoopDevice(String device) {
        this.device = device;
    }

    /** A device of {@code mib} MiB, with direct I/O to its backing file (no second page cache). */
    public static LoopDevice create(Path dir, int mib) throws IOException, InterruptedException {
        Privileged.requireTool("losetup", "mount");
        Path image = dir.resolve("loop-" + System.nanoTime() + ".img");
        Workloads.run(List.of("truncate", "-s", mib + "M", image.toString()));
        String dev = Workloads.run(List.of("losetup", "--find", "--show", "--direct-io=on", image.toString())).output().trim();
        Files.delete(image); // the loop device keeps it open
        return new LoopDevice(dev);
    }

    /** /dev/loopN */
    public String path() {
        return device;
    }

    /** loopN, as the block layer (and sonde's device column) names it */
    public String name() {
        return Path.of(device).getFileName().toString();
    }

    @Override
    public void close() throws IOException {
        try {
            Workloads.run(List.of("losetup", "-d", device));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted detaching " + device, e);
        }
    }
}
