package sonde.analyzer.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The whole-disk name behind a file, as the block layer names it (vda for a file on vda1). */
final class Disks {
    private Disks() {
    }

    static String diskOf(Path file) throws IOException {
        long dev = (Long) Files.getAttribute(file, "unix:dev");
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        Path sys = Path.of("/sys/dev/block/" + major + ":" + minor).toRealPath();
        if (Files.exists(sys.resolve("partition"))) {
            sys = sys.getParent();
        }
        return sys.getFileName().toString();
    }
}
