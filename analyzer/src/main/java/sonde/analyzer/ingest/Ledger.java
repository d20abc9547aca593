package sonde.analyzer.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import sonde.recorder.sink.OutputDir;

/**
 * {@code DIR/.ingest/INSTANCE.closed}: the files an ingester closed since its last commit, one
 * path (relative to DIR) a line, each written and synced before its file is renamed into place,
 * emptied after each commit. After a crash between closing files and committing, whichever
 * ingester gets those partitions next reads every instance's ledger ({@link #uncommitted}) and
 * the offsets in those files' footers, and skips what they hold. Only a ledger's lines are read,
 * never the whole directory, so a restart costs the same on a year of files as on one.
 */
final class Ledger implements AutoCloseable {
    static final String DIR = ".ingest";

    private final Path file;
    private FileChannel out;
    private boolean written;

    Ledger(OutputDir dir, String instance) throws IOException {
        this.file = dir.subdir(DIR).resolve(instance + ".closed");
    }

    /** Notes a file about to become visible (its path relative to DIR); durable when this returns. */
    void add(Path relative) throws IOException {
        if (out == null) {
            out = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        }
        ByteBuffer b = ByteBuffer.wrap((relative + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            out.write(b);
        }
        out.force(false);
        written = true;
    }

    /** After a commit: the files noted are all below the committed offsets now. */
    void clear() throws IOException {
        if (written) {
            out.truncate(0);
            out.force(false);
            written = false;
        }
    }

    /** The visible files that any ingester's ledger under {@code root} names (a file never renamed is not there). */
    static List<Path> uncommitted(Path root) throws IOException {
        Path dir = root.resolve(DIR);
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return files;
        }
        try (DirectoryStream<Path> ledgers = Files.newDirectoryStream(dir, "*.closed")) {
            for (Path l : ledgers) {
                if (!Files.isRegularFile(l, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                for (String line : Files.readAllLines(l, StandardCharsets.UTF_8)) {
                    Path f = root.resolve(line).normalize();
                    if (!line.isEmpty() && f.startsWith(root) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        files.add(f);
                    }
                }
            }
        }
        return files;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
