package sonde.analyzer.out;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import sonde.recorder.sink.TrustedPaths;

/**
 * A file the analyzer writes for the user ({@code -o FILE}: a report, a flame graph, a heat
 * map, an export). It is created under a fresh random name in the target's directory, with
 * O_EXCL, so never through a symlink planted in a shared directory such as /tmp, and mode 0640
 * (it holds command names and paths); {@link #commit} renames it over the target, so a reader
 * never sees half a file, a failure leaves the target as it was, and two users writing the same
 * name in one directory do not mix their bytes. {@link #close} without a commit removes it.
 *
 * <p>Links in the target's directory are followed only if root or this user owns them
 * ({@link TrustedPaths}). A target that is not a regular file is never replaced: a character
 * device ({@code /dev/null}, a terminal) or a FIFO of this user or root is written into as it is,
 * as {@code cp} does, and so is what a link of theirs points to ({@code /dev/stdout}); anything
 * else is refused.
 */
public final class OutputFile implements Closeable {
    private final Path target;
    private final Path tmp;
    private final OutputStream out;
    private boolean committed;

    /** @param tmp the file to rename over the target at the commit, or null when writing into the target */
    private OutputFile(Path target, Path tmp, OutputStream out) {
        this.target = target;
        this.tmp = tmp;
        this.out = out;
    }

    /**
     * Starts writing {@code target}; its directory must exist. The exception's message says
     * what is wrong in words: "no such directory /x", "permission denied in /x", "/x/y is a
     * directory", "/dev/sda is a block device".
     */
    public static OutputFile create(Path target) throws IOException {
        Path given = target.toAbsolutePath().getParent();
        Path dir = TrustedPaths.resolve(given, "output", "choose another -o FILE");
        if (!Files.isDirectory(dir)) {
            throw new IOException("no such directory " + given);
        }
        Path file = dir.resolve(target.getFileName());
        BasicFileAttributes a = attributes(file, LinkOption.NOFOLLOW_LINKS);
        if (a != null && a.isSymbolicLink()) {
            return through(target, file);
        }
        if (a != null && a.isDirectory()) {
            throw new IOException(target + " is a directory");
        }
        if (a != null && !a.isRegularFile()) {
            requireWritableSpecial(target, file, LinkOption.NOFOLLOW_LINKS);
            return new OutputFile(target, null, buffered(file, LinkOption.NOFOLLOW_LINKS));
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        } catch (AccessDeniedException e) {
            throw new IOException("permission denied in " + given, e);
        }
        try {
            return new OutputFile(file, tmp, new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Writes into what a link of this user's or root's points to, as cp does; refuses another user's link. */
    private static OutputFile through(Path target, Path link) throws IOException {
        if (!TrustedPaths.trusts((Integer) Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
            throw new IOException(target + " is a symbolic link owned by "
                    + Files.getOwner(link, LinkOption.NOFOLLOW_LINKS).getName() + "; not following it");
        }
        TrustedPaths.resolve(link, "output", "choose another -o FILE"); // and so is every link it leads through
        BasicFileAttributes a = attributes(link);
        if (a == null) {
            throw new IOException(target + " is a symbolic link to nothing; not writing through it");
        }
        if (a.isDirectory()) {
            throw new IOException(target + " is a directory");
        }
        if (a.isRegularFile()) {
            return new OutputFile(target, null, new BufferedOutputStream(Files.newOutputStream(link,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), 1 << 16));
        }
        requireWritableSpecial(target, link);
        return new OutputFile(target, null, buffered(link));
    }

    /** A character device, or a FIFO of this user or root: nothing else that is not a file is written into. */
    private static void requireWritableSpecial(Path target, Path file, LinkOption... follow) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:mode,uid,owner", follow);
        int mode = (Integer) a.get("mode") & 0170000;
        if (mode == 0020000) {
            return; // a character device: only root can make one
        }
        if (mode == 0010000) {
            if (TrustedPaths.trusts((Integer) a.get("uid"))) {
                return;
            }
            throw new IOException(target + " is a FIFO owned by " + ((UserPrincipal) a.get("owner")).getName()
                    + "; not writing into it");
        }
        throw new IOException(target + " is " + (mode == 0060000 ? "a block device" : mode == 0140000 ? "a socket"
                : "not a regular file") + "; not writing over it");
    }

    private static OutputStream buffered(Path special, LinkOption... follow) throws IOException {
        OpenOption[] options = follow.length == 0 ? new OpenOption[] {StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS};
        return new BufferedOutputStream(Files.newOutputStream(special, options), 1 << 16);
    }

    /** The attributes of p, or null if there is nothing there. */
    private static BasicFileAttributes attributes(Path p, LinkOption... follow) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, follow);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The file an {@code -o} value names. A value ending in '/' or naming a directory means a
     * file called {@code defaultName} in that directory, as cp and tar take a directory for a
     * destination; a directory that a trailing '/' names is made if missing (its parent must
     * exist), 0750 like a recording. "-" stays "-" (standard output). Links on the way are
     * checked when the file is created ({@link #create}).
     */
    public static String target(String output, String defaultName) throws IOException {
        if (output.equals("-")) {
            return output;
        }
        Path p = Path.of(output);
        if (!output.endsWith("/") && !Files.isDirectory(p)) {
            return output;
        }
        if (output.endsWith("/") && Files.exists(p) && !Files.isDirectory(p)) {
            throw new IOException(output + " is not a directory");
        }
        if (output.endsWith("/") && p.getFileName() != null && attributes(p, LinkOption.NOFOLLOW_LINKS) == null) {
            Path given = p.toAbsolutePath().getParent();
            Path dir = TrustedPaths.resolve(given, "output", "choose another -o FILE");
            if (!Files.isDirectory(dir)) {
                throw new IOException("no such directory " + given);
            }
            try {
                Files.createDirectory(dir.resolve(p.getFileName()),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
            } catch (AccessDeniedException e) {
                throw new IOException("permission denied in " + given, e);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made meanwhile: create() checks what it is
            }
        }
        return (output.endsWith("/") ? output : output + "/") + defaultName;
    }

    /** What writes a command's output; returns what the command then tells the user. */
    @FunctionalInterface
    public interface Body<R> {
        R write(OutputStream out) throws IOException;
    }

    /** {@link Body} for text. */
    @FunctionalInterface
    public interface TextBody {
        void write(Writer out) throws IOException;
    }

    /**
     * Writes {@code output} ({@code -o}) with {@code body}: "-" is standard output (flushed, never
     * closed), anything else a file written as {@link #create} says, and committed once
     * {@code body} returns.
     */
    public static <R> R write(String output, Body<R> body) throws IOException {
        if (output.equals("-")) {
            OutputStream out = new BufferedOutputStream(unclosable(System.out), 1 << 16);
            R r = body.write(out);
            out.flush();
            return r;
        }
        try (OutputFile file = create(Path.of(output))) {
            OutputStream out = file.stream();
            R r = body.write(out);
            out.flush();
            file.commit();
            return r;
        }
    }

    /** {@link #write} for UTF-8 text. */
    public static void writeText(String output, TextBody body) throws IOException {
        write(output, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            body.write(w);
            w.flush();
            return null;
        });
    }

    /** Where the bytes go until the commit; closing it is the commit's job. */
    public OutputStream stream() {
        return unclosable(out);
    }

    /** {@code out}, except that closing does not close it. */
    private static OutputStream unclosable(OutputStream out) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        };
    }

    /** {@link #stream} as UTF-8 text; flush it before the commit. */
    public Writer writer() {
        return new BufferedWriter(new OutputStreamWriter(stream(), StandardCharsets.UTF_8), 1 << 16);
    }

    /** Writes the file out and puts it in place of the target. */
    public void commit() throws IOException {
        out.close();
        if (tmp != null) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        committed = true;
    }

    /** Removes the file if it was not committed. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the write already failed; what matters is that the half file goes
            }
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
