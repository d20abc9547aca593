package sonde.recorder.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds (with gcc, frame pointers kept) the C program that spins in spin_here() for N seconds. */
public final class Spinner {
    private Spinner() {
    }

    /** Builds dir/spin (a test's scratch directory: it goes with it). */
    public static Path build(Path dir) throws IOException, InterruptedException {
        Privileged.requireTool("gcc");
        Path src = dir.resolve("spin.c");
        try (InputStream in = Spinner.class.getResourceAsStream("/sonde/recorder/symbols/spin.c")) {
            Files.write(src, in.readAllBytes());
        }
        Path bin = dir.resolve("spin");
        Workloads.run(List.of("gcc", "-O1", "-fno-omit-frame-pointer", "-o", bin.toString(), src.toString()));
        return bin;
    }
}
