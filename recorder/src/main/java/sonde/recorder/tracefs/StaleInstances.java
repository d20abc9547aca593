package sonde.recorder.tracefs;

import sonde.recorder.host.KernelFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Instances left behind by a recorder that was killed (SIGKILL, OOM): each name carries the
 * owner's pid and process start time, so an instance is removed only when that exact process
 * is gone, never while its owner (perhaps another user's recording) still runs.
 */
final class StaleInstances {
    private StaleInstances() {
    }

    /** The names of the instances whose recorder is gone. */
    static List<String> orphans(Path instances) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(instances, TraceInstance.PREFIX + "*")) {
            for (Path p : s) {
                if (!ownerAlive(p.getFileName().toString())) {
                    names.add(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            // none that can be seen
        }
        return names;
    }

    static List<String> removeOrphans(Path instances) {
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(instances, TraceInstance.PREFIX + "*")) {
            for (Path p : s) {
                if (!ownerAlive(p.getFileName().toString())) {
                    remove(p);
                    if (!Files.exists(p)) {
                        removed.add(p.getFileName().toString());
                    }
                }
            }
        } catch (IOException e) {
            // not fatal: creating our own instance reports real problems
        }
        return removed;
    }

    static boolean ownerAlive(String name) {
        String[] parts = name.substring(TraceInstance.PREFIX.length()).split("-");
        if (parts.length < 3) {
            return true; // not ours to judge
        }
        try {
            long pid = Long.parseLong(parts[0]);
            long start = Long.parseLong(parts[1]);
            return startTicks(pid) == start;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Field 22 of /proc/PID/stat (start time in clock ticks since boot), or -1 if no such process. */
    static long startTicks(long pid) {
        try {
            String stat = KernelFiles.read(Path.of("/proc/" + pid + "/stat"));
            // comm (field 2) may contain spaces and parentheses: count fields after the last ')'
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(rest[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static void remove(Path dir) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                // EBUSY while the kernel still holds a reader reference: retry briefly
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
