package sonde.recorder.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads pseudo-files (tracefs, /proc, /sys). They report a size of 0, and some tracefs files
 * return garbage to the 1-byte probe read that Files.readString makes for such files, so
 * these are read in large chunks until end of file.
 */
public final class KernelFiles {
    private KernelFiles() {
    }

    public static String read(Path p) throws IOException {
        return new String(readBytes(p), StandardCharsets.UTF_8);
    }

    public static byte[] readBytes(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readAllBytes();
        }
    }
}
