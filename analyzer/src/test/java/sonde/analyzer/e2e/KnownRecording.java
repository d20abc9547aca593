package sonde.analyzer.e2e;

import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.Spinner;
import sonde.recorder.testing.Workloads;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A recording of every kind (disk, vfs, profile) of a small known workload: 16 MiB of O_DIRECT
 * writes by dd, two cached reads of that file by cat, one second of spin_here().
 */
public final class KnownRecording {
    private KnownRecording() {
    }

    public static Path make(Path dir) throws Exception {
        Path spin = Spinner.build();
        Path file = Workloads.scratch("known").resolve("direct.bin");
        try (RecorderProcess rec = RecorderProcess.start(dir)) {
            Workloads.ddDirectWrite(file, 16);
            Workloads.run(List.of("sh", "-c", "cat \"$0\" \"$0\" > /dev/null", file.toString()));
            Workloads.run(List.of(spin.toString(), "1"));
            assertEquals(0, rec.stop("INT").exit());
        }
        return dir;
    }
}
