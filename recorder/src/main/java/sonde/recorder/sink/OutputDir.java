package sonde.recorder.sink;

import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UserError;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The output directory and the partition directories under it. Traces hold command names and
 * paths, so what sonde creates is not world-readable: directories 0750, files 0640. Below the
 * output directory nothing is followed through a symbolic link.
 */
public final class OutputDir {
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-x---");
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r-----");

    private final Path root;

    private OutputDir(Path root) {
        this.root = root;
    }

    /**
     * Creates the directory if needed and checks that files can be created in it. A symbolic
     * link anywhere in the path is followed only if it belongs to root or to the user recording:
     * in a shared directory like /tmp, someone else's link could point the recorder's files
     * anywhere. An existing directory must be that user's and writable by no one else
     * ({@link TrustedPaths}).
     */
    public static OutputDir prepare(Path dir) {
        String hint = "choose another with --out DIR";
        Path real = TrustedPaths.resolve(dir, "output", "remove it, or choose another directory with --out DIR");
        try {
            if (!Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(real, dirMode());
                // a link planted while the directories were made is found here
                real = TrustedPaths.resolve(dir, "output", "remove it, or choose another directory with --out DIR");
            }
        } catch (IOException e) {
            throw new UserError("cannot create output directory " + dir + ": " + reason(e), hint);
        }
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserError("output " + dir + " is not a directory", hint);
        }
        TrustedPaths.requireOwnDirectory(real, "output directory", dir, hint);
        if (!Files.isWritable(real)) {
            throw new UserError("output directory " + dir + " is not writable", hint);
        }
        return new OutputDir(real);
    }

    public Path root() {
        return root;
    }

    /** Creates (0750) or reuses a directory below the root, refusing symbolic links. */
    public Path subdir(String relative) throws IOException {
        Path p = root;
        for (Path part : Path.of(relative)) {
            p = p.resolve(part);
            try {
                Files.createDirectory(p, dirMode());
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(p + " exists and is not a directory (symbolic links are not followed)");
                }
            }
        }
        return p;
    }

    /** Creates a new empty file (0640); fails if anything, even a dangling link, is there. */
    static void createFile(Path p) throws IOException {
        Files.createFile(p, PosixFilePermissions.asFileAttribute(FILE_MODE));
    }

    private static FileAttribute<Set<PosixFilePermission>> dirMode() {
        return PosixFilePermissions.asFileAttribute(DIR_MODE);
    }

    static String reason(IOException e) {
        return Reasons.of(e);
    }
}
