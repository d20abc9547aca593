package sonde.analyzer.e2e;

import sonde.recorder.testing.Named;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.Spinner;
import sonde.recorder.testing.Workloads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A recording of every kind (disk, vfs, profile) of a small known workload: 16 MiB of O_DIRECT
 * writes by dd, two cached reads of that file by cat, one second of spin_here(). The three
 * programs run under one command name of their own (links of that name in three directories),
 * which the recording keeps to: on a busy host it holds the known workload and not the host's
 * load, and it is small and quick to query.
 */
public final class KnownRecording {
    /** Where the recording is, and the command name of its three programs. */
    public record Known(Path dir, String comm) {
    }

    private KnownRecording() {
    }

    /** Records into {@code dir}, with the workload's files in {@code scratch} (on a disk). */
    public static Known make(Path dir, Path scratch) throws Exception {
        String comm = Named.uniqueComm("kn");
        Named dd = Named.copy(Workloads.which("dd"), comm, Files.createDirectories(scratch.resolve("dd")));
        Named cat = Named.copy(Workloads.which("cat"), comm, Files.createDirectories(scratch.resolve("cat")));
        Named spin = Named.copy(Spinner.build(Files.createDirectories(scratch.resolve("build"))), comm,
                Files.createDirectories(scratch.resolve("spin")));
        Path file = scratch.resolve("direct.bin");
        try (RecorderProcess rec = RecorderProcess.start(dir, "-c", comm, "--buffer-mb", Attempts.BUFFER_MB)) {
            Workloads.ddDirectWrite(dd.exe(), file, 16);
            Workloads.run(List.of("sh", "-c", "exec \"$1\" \"$0\" \"$0\" > /dev/null", file.toString(), cat.exe().toString()));
            Workloads.run(List.of(spin.exe().toString(), "1"));
            rec.finish("INT");
        }
        return new Known(dir, comm);
    }
}
