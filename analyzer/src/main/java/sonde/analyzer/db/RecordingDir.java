package sonde.analyzer.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import sonde.recorder.cli.UserError;

/**
 * A directory that {@code sonde record --out DIR} wrote: one subdirectory per event kind, each
 * holding {@code host=H/date=D/<recording-id>-<seq>.parquet}. Files still being written are
 * hidden temporaries ({@code .<name>.tmp}) and are not counted.
 */
final class RecordingDir {
    private final Path dir;
    private final Map<String, List<Path>> parquetFiles;

    private RecordingDir(Path dir, Map<String, List<Path>> parquetFiles) {
        this.dir = dir;
        this.parquetFiles = parquetFiles;
    }

    /** Checks that {@code dir} holds at least one recorded file of one of {@code kinds}. */
    static RecordingDir check(Path dir, List<String> kinds) {
        if (!Files.exists(dir)) {
            throw new UserError("no such directory: " + dir,
                    "give the directory a recording was written to (sonde record --out DIR)");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserError(dir + " is not a directory",
                    "give the directory a recording was written to (sonde record --out DIR)");
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            throw permissionDenied(dir);
        }
        Map<String, List<Path>> files = new LinkedHashMap<>();
        for (String kind : kinds) {
            Path sub = dir.resolve(kind);
            if (Files.isDirectory(sub)) {
                files.put(kind, listParquet(sub));
            }
        }
        if (files.isEmpty()) {
            throw new UserError(dir + " is not a sonde recording directory (no " + slashList(kinds) + " inside)",
                    "record one with: sudo sonde record --out " + dir);
        }
        if (files.values().stream().allMatch(List::isEmpty)) {
            throw new UserError("no recordings in " + dir + " yet (no .parquet files under "
                    + slashList(List.copyOf(files.keySet())) + ")",
                    "a recording writes its files as it rotates and when it ends; wait for it, or record one with: sudo sonde record --out " + dir);
        }
        return new RecordingDir(dir, files);
    }

    Path path() {
        return dir;
    }

    /** The visible Parquet files of a kind, in name order; none when its directory is absent. */
    List<Path> parquetFiles(String kind) {
        return parquetFiles.getOrDefault(kind, List.of());
    }

    static boolean isRecordedFile(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".parquet") && !name.startsWith(".") && Files.isRegularFile(p);
    }

    /**
     * Recordings are 0750 and their files 0640 (traces hold command names): an analyst who is
     * neither their owner nor in their group is told so, with what to do.
     */
    static UserError permissionDenied(Path p) {
        String who = "";
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
            who = " (owner " + a.owner().getName() + ", group " + a.group().getName() + ", mode "
                    + PosixFilePermissions.toString(a.permissions()) + ")";
            return new UserError("permission denied: cannot read " + p + who,
                    "recordings are readable by their owner and group: ask to be added to group " + a.group().getName()
                            + " (then log in again), or run sonde with sudo");
        } catch (IOException | UnsupportedOperationException e) {
            return new UserError("permission denied: cannot read " + p,
                    "recordings are readable by their owner and group: ask for access, or run sonde with sudo");
        }
    }

    private static List<Path> listParquet(Path sub) {
        if (!Files.isReadable(sub) || !Files.isExecutable(sub)) {
            throw permissionDenied(sub);
        }
        try (Stream<Path> walk = Files.walk(sub)) {
            return walk.filter(RecordingDir::isRecordedFile).sorted().toList();
        } catch (AccessDeniedException e) {
            throw permissionDenied(Path.of(e.getFile()));
        } catch (IOException e) {
            throw new UserError("cannot list " + sub + ": " + e.getMessage(), null, e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof AccessDeniedException d) {
                throw permissionDenied(Path.of(d.getFile()));
            }
            throw new UserError("cannot list " + sub + ": " + e.getCause().getMessage(), null, e);
        }
    }

    /** "disk_io/ or recording/", "a/, b/ or c/". */
    private static String slashList(List<String> kinds) {
        List<String> dirs = kinds.stream().map(k -> k + "/").collect(Collectors.toList());
        if (dirs.size() == 1) {
            return dirs.get(0);
        }
        return String.join(", ", dirs.subList(0, dirs.size() - 1)) + " or " + dirs.get(dirs.size() - 1);
    }
}
