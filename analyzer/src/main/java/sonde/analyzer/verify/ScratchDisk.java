package sonde.analyzer.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import sonde.recorder.cli.UserError;

/** The whole disk behind a directory, named as the block layer names it (vda for a file on vda1). */
final class ScratchDisk {
    private ScratchDisk() {
    }

    static String deviceOf(Path dir) throws IOException {
        long dev = (Long) Files.getAttribute(dir, "unix:dev");
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        Path sys = Path.of("/sys/dev/block/" + major + ":" + minor);
        if (!Files.exists(sys)) {
            throw new UserError(dir + " is not on a block device (" + major + ":" + minor + ")",
                    "give a directory on the disk to test: sonde verify --dir DIR");
        }
        Path real = sys.toRealPath();
        if (Files.exists(real.resolve("partition"))) {
            real = real.getParent();
        }
        return real.getFileName().toString();
    }
}
