package sonde.recorder.sink;

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
     * link is followed only if it belongs to the user recording: in a shared directory like
     * /tmp, someone else's link could point the recorder's files anywhere.
     */
    public static OutputDir prepare(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        refuseForeignLink(abs, dir);
        try {
            if (!Files.exists(abs)) {
                Files.createDirectories(abs, dirMode());
            }
        } catch (IOException e) {
            throw new UserError("cannot create output directory " + dir + ": " + reason(e),
                    "choose another with --out DIR");
        }
        refuseForeignLink(abs, dir);
        if (!Files.isDirectory(abs)) {
            throw new UserError("output " + dir + " is not a directory", "choose another with --out DIR");
        }
        if (!Files.isWritable(abs)) {
            throw new UserError("output directory " + dir + " is not writable", "choose another with --out DIR");
        }
        return new OutputDir(abs);
    }

    private static void refuseForeignLink(Path abs, Path given) {
        if (!Files.isSymbolicLink(abs)) {
            return;
        }
        try {
            String owner = Files.getOwner(abs, LinkOption.NOFOLLOW_LINKS).getName();
            String me = System.getProperty("user.name");
            if (!owner.equals(me)) {
                throw new UserError("output " + given + " is a symbolic link owned by " + owner + "; not following it",
                        "remove it, or choose another directory with --out DIR");
            }
        } catch (IOException e) {
            throw new UserError("cannot check output " + given + ": " + reason(e));
        }
    }

    public Path root() {
        return root;
    }

    /** Creates (0750) or reuses a directory below the root, refusing symbolic links. */
    Path subdir(String relative) throws IOException {
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
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "") + (m == null ? "" : " " + m);
    }
}
