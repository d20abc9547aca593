package sonde.analyzer.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UserError;

/**
 * A directory that {@code sonde record --out DIR} wrote: one subdirectory per event kind, each
 * holding {@code host=H/date=D/<recording-id>-<seq>.parquet}. Files still being written are
 * hidden temporaries ({@code .<name>.tmp}) and are not counted, nor are other hidden files
 * (a macOS {@code ._x.parquet}). A visible {@code .parquet} name that is not a regular file (a
 * directory, a FIFO, a device, a link to nothing) is odd: never opened (a FIFO would hang the
 * reader), and named in a warning.
 */
final class RecordingDir {
    private final Path dir;
    private final Map<String, List<Path>> parquetFiles;
    private final List<OddFile> odd;

    private RecordingDir(Path dir, Map<String, List<Path>> parquetFiles, List<OddFile> odd) {
        this.dir = dir;
        this.parquetFiles = parquetFiles;
        this.odd = odd;
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
        List<OddFile> odd = new ArrayList<>();
        for (String kind : kinds) {
            Path sub = dir.resolve(kind);
            if (Files.isDirectory(sub)) {
                List<Path> found = listParquet(sub);
                files.put(kind, found.stream().filter(Files::isRegularFile).toList());
                found.stream().filter(p -> !Files.isRegularFile(p)).forEach(p -> odd.add(new OddFile(p, notRegular(p))));
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
        return new RecordingDir(dir, files, List.copyOf(odd));
    }

    /** This directory less the files {@code moreOdd} names, which join the odd ones. */
    RecordingDir without(List<OddFile> moreOdd) {
        Set<Path> skip = new HashSet<>();
        moreOdd.forEach(o -> skip.add(o.file()));
        Map<String, List<Path>> kept = new LinkedHashMap<>();
        parquetFiles.forEach((kind, list) -> kept.put(kind, list.stream().filter(p -> !skip.contains(p)).toList()));
        List<OddFile> all = new ArrayList<>(odd);
        all.addAll(moreOdd);
        return new RecordingDir(dir, kept, List.copyOf(all));
    }

    Path path() {
        return dir;
    }

    /** What is skipped: names that are not regular files, and files that are not this kind's Parquet. */
    List<OddFile> odd() {
        return odd;
    }

    /** The files of each kind. */
    List<List<Path>> allFiles() {
        return List.copyOf(parquetFiles.values());
    }

    /** Whether no file of any kind is left to read. */
    boolean nothingToRead() {
        return parquetFiles.values().stream().allMatch(List::isEmpty);
    }

    /** The visible Parquet files of a kind, in name order; none when its directory is absent. */
    List<Path> parquetFiles(String kind) {
        return parquetFiles.getOrDefault(kind, List.of());
    }

    /** A visible name ending in .parquet, whatever it names. */
    private static boolean isParquetName(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".parquet") && !name.startsWith(".");
    }

    /** Why a .parquet name that is not a regular file is skipped; links are not followed to say it. */
    private static String notRegular(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                return Files.exists(p) ? (Files.isDirectory(p) ? "a link to a directory" : "a link to something not a regular file")
                        : "a link to nothing";
            }
            return a.isDirectory() ? "a directory, not a file" : "not a regular file (a FIFO, socket or device)";
        } catch (IOException e) {
            return "gone while being listed";
        }
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
            // the kind directory itself is not a candidate, even when named x.parquet
            return walk.filter(p -> !p.equals(sub) && isParquetName(p)).sorted().toList();
        } catch (AccessDeniedException e) {
            throw permissionDenied(Path.of(e.getFile()));
        } catch (IOException e) {
            throw new UserError("cannot list " + sub + ": " + Reasons.of(e), null, e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof AccessDeniedException d) {
                throw permissionDenied(Path.of(d.getFile()));
            }
            throw new UserError("cannot list " + sub + ": " + Reasons.of(e.getCause()), null, e);
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
