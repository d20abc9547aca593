package sonde.recorder.tracefs;

import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UserError;

import sonde.recorder.host.KernelFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Where tracefs is mounted; mounts it at the standard place when it is absent and we may. */
public final class Tracefs {
    static final Path STANDARD = Path.of("/sys/kernel/tracing");
    private static final Path DEBUGFS = Path.of("/sys/kernel/debug/tracing");

    private final Path root;

    private Tracefs(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /**
     * Finds tracefs: $SONDE_TRACEFS if set (no mounting then), else /sys/kernel/tracing, else
     * the debugfs path; if neither is mounted, tries to mount the standard one.
     */
    public static Tracefs locate() {
        String override = System.getenv("SONDE_TRACEFS");
        if (override != null && !override.isEmpty()) {
            Path p = Path.of(override);
            if (!isTracefs(p)) {
                throw new UserError("tracefs not found at " + p + " (from SONDE_TRACEFS)",
                        "unset SONDE_TRACEFS or point it at a mounted tracefs");
            }
            return new Tracefs(p);
        }
        for (Path p : new Path[] {STANDARD, DEBUGFS}) {
            if (isTracefs(p)) {
                return new Tracefs(p);
            }
        }
        mount();
        if (isTracefs(STANDARD)) {
            return new Tracefs(STANDARD);
        }
        throw new UserError("tracefs is not mounted at " + STANDARD + " and mounting it did not work",
                "mount it with: mount -t tracefs nodev " + STANDARD + " (as root)");
    }

    /** The tracefs already mounted at a standard place, if any (never mounts). */
    public static Optional<Tracefs> mounted() {
        for (Path p : new Path[] {STANDARD, DEBUGFS}) {
            if (isTracefs(p)) {
                return Optional.of(new Tracefs(p));
            }
        }
        return Optional.empty();
    }

    private static boolean isTracefs(Path p) {
        return Files.isDirectory(p.resolve("instances")) && Files.isRegularFile(p.resolve("events/header_page"));
    }

    private static void mount() {
        try {
            Process p = new ProcessBuilder("mount", "-t", "tracefs", "nodev", STANDARD.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new UserError("tracefs is not mounted at " + STANDARD + " and mounting it failed: "
                        + (out.isEmpty() ? "mount exited " + p.exitValue() : out),
                        "mount it with: mount -t tracefs nodev " + STANDARD + " (as root)");
            }
        } catch (IOException e) {
            throw new UserError("tracefs is not mounted at " + STANDARD + " and running mount failed: " + Reasons.of(e),
                    "mount it with: mount -t tracefs nodev " + STANDARD + " (as root)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while mounting tracefs");
        }
    }

    public PageLayout pageLayout() {
        try {
            return PageLayout.parse(KernelFiles.read(root.resolve("events/header_page")),
                    KernelFiles.read(root.resolve("events/header_event")));
        } catch (IOException e) {
            throw new UserError("cannot read " + root.resolve("events/header_page") + ": " + Reasons.of(e));
        } catch (IllegalArgumentException e) {
            throw new UserError("this kernel's ring buffer layout is not one sonde can read: " + e.getMessage());
        }
    }
}
