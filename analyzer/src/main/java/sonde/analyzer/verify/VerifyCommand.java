package sonde.analyzer.verify;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import sonde.analyzer.db.Dataset;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Cli;
import sonde.recorder.cli.CommandSpec;
import sonde.recorder.cli.Opt;
import sonde.recorder.cli.UserError;
import sonde.recorder.sink.TrustedPaths;
import sonde.recorder.tracefs.Privileges;

/**
 * sonde verify: checks sonde's own numbers on the machine it runs on. Records while applying
 * workloads of known size (O_DIRECT reads and writes, cached re-reads, buffered writes with
 * fsync and with writeback, a CPU spin in a named JIT-compiled function), then compares every
 * canned metric with what was applied, and the recorded bytes with /proc/diskstats.
 * "If you can't code the workload, you can't code the script."
 */
public final class VerifyCommand {
    static final CommandSpec SPEC = new CommandSpec("verify",
            "Check sonde's numbers on this host: record known workloads and compare every metric with what was applied.",
            "[--dir SCRATCH] [--keep]",
            List.of(Opt.value("dir", "DIR", "a directory on the disk to test: verify works in a new directory inside it,"
                            + " and removes only that (default: /var/tmp)"),
                    Opt.flag("keep", "keep the scratch directory and the recording for a look with sonde sql")),
            List.of("sudo sonde verify", "about 20 seconds; exits 1 if any check fails",
                    "sudo sonde verify --dir /data/tmp --keep", "test the disk behind /data, keep the recording"));

    private VerifyCommand() {
    }

    public static int run(String[] argv) {
        return Cli.run(SPEC, argv, VerifyCommand::body);
    }

    private static int body(Args a) throws IOException, InterruptedException {
        a.atMostPositionals(0);
        Privileges.requireTracing();
        Path scratch = scratch(a.get("dir"));
        List<Check> checks;
        try {
            String device = ScratchDisk.deviceOf(scratch);
            System.out.println("verifying on " + device + " in " + scratch + " (about 20 s)");
            Path rec = scratch.resolve("recording");
            Child.Recorder recorder = new Child.Recorder(List.of("-o", rec.toString(), "--buffer-mb", "8"));
            Applied applied;
            try {
                applied = Applied.apply(scratch, device);
            } finally {
                recorder.stop();
            }
            Files.deleteIfExists(applied.spinPerfMap);
            try (Dataset ds = Dataset.open(rec)) {
                checks = Verdicts.of(applied, new Measure(ds), device, 997);
            }
            CheckTable.print(checks, System.out);
            if (a.has("keep")) {
                System.out.println("kept " + scratch + " (recording in " + rec + ")");
            }
        } finally {
            if (!a.has("keep")) {
                delete(scratch); // also when a step failed: what verify made is verify's to remove
            }
        }
        return checks.stream().allMatch(Check::pass) ? 0 : 1;
    }

    /**
     * A new private directory (0700) in {@code dir} or /var/tmp: what verify writes (as root, with
     * dd) and then removes is only its own, whatever else {@code dir} holds or whoever else can
     * write there; links to {@code dir} of other users are refused.
     */
    private static Path scratch(String dir) throws IOException {
        Path base = Path.of("/var/tmp");
        if (dir != null) {
            base = TrustedPaths.resolve(Path.of(dir), "scratch directory", "choose another with --dir DIR");
            Files.createDirectories(base);
        }
        Path p = Files.createTempDirectory(base, "sonde-verify-");
        FileStore fs = Files.getFileStore(p);
        if (fs.type().equals("tmpfs") || fs.type().equals("ramfs")) {
            Files.delete(p);
            throw new UserError("scratch directory " + base + " is on " + fs.type() + ", not a disk",
                    "give one on the disk to test: sonde verify --dir DIR");
        }
        return p;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
