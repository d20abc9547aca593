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
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file the analyzer writes for the user ({@code -o FILE}: a report, a flame graph, a heat
 * map, an export). It is created under a fresh random name in the target's directory, with
 * O_EXCL, so never through a symlink planted in a shared directory such as /tmp, and mode 0640
 * (it holds command names and paths); {@link #commit} renames it over the target, so a reader
 * never sees half a file, a failure leaves the target as it was, and two users writing the same
 * name in one directory do not mix their bytes. {@link #close} without a commit removes it.
 */
public final class OutputFile implements Closeable {
    private final Path target;
    private final Path tmp;
    private final OutputStream out;
    private boolean committed;

    private OutputFile(Path target, Path tmp, OutputStream out) {
        this.target = target;
        this.tmp = tmp;
        this.out = out;
    }

    /**
     * Starts writing {@code target}; its directory must exist. The exception's message says
     * what is wrong in words: "no such directory /x", "permission denied in /x", "/x/y is a
     * directory".
     */
    public static OutputFile create(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new IOException("no such directory " + dir);
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(target + " is a directory");
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        } catch (AccessDeniedException e) {
            throw new IOException("permission denied in " + dir, e);
        }
        try {
            return new OutputFile(target, tmp, new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
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
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
            Files.deleteIfExists(tmp);
        }
    }
}
