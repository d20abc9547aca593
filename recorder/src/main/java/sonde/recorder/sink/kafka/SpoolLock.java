package sonde.recorder.sink.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Exclusive use of a spool directory: an fcntl lock on {@code DIR/lock}, which holds the owner's
 * pid. The kernel releases the lock when the process dies, so a crashed recorder never leaves a
 * spool locked.
 */
final class SpoolLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private SpoolLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory (0700: it holds trace data) if needed and locks it. The lock file is
     * never opened through a symbolic link, and must be a regular file.
     */
    static SpoolLock acquire(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path file = dir.resolve("lock");
        FileChannel ch;
        try {
            ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            if (Files.isSymbolicLink(file)) {
                throw new FileSystemException(file + " is a symbolic link; not following it");
            }
            throw e;
        }
        FileLock l;
        try {
            if (!Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
                throw new FileSystemException(file + " is not a regular file");
            }
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // this JVM holds it already
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            ch.close();
            throw new SpoolInUseException(dir, new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim());
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        return new SpoolLock(ch, l);
    }

    /** Makes file creations and deletions in a directory durable. */
    static void syncDir(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** The directory is locked by another process (or another spool in this one). */
    static final class SpoolInUseException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String owner;

        SpoolInUseException(Path dir, String owner) {
            super("spool " + dir + " is in use" + (owner.isEmpty() ? "" : " by pid " + owner));
            this.owner = owner;
        }

        /** The pid written by the process that holds the lock, or "". */
        String owner() {
            return owner;
        }
    }
}
