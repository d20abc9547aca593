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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exclusive use of a spool directory: an fcntl lock on {@code DIR/lock}, which holds the owner's
 * pid (first line) and a token. The kernel releases the lock when the process dies, so a crashed recorder never leaves a
 * spool locked.
 */
final class SpoolLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private SpoolLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory (0700: it holds trace data) if needed and locks it. The lock file is
     * never opened through a symbolic link, and must be a regular file.
     *
     * <p>A spool that ends empty removes its lock file (and perhaps its directory) while it holds
     * the lock; another process may have opened that file just before and lock it just after, a
     * lock on a file no longer in the directory. So the holder writes its pid and a token of its
     * own into the file it locked, reads the file by its name, and starts again if the token is not
     * there.
     */
    static SpoolLock acquire(Path dir) throws IOException {
        for (int attempt = 0; ; attempt++) {
            SpoolLock l = tryAcquire(dir);
            if (l != null) {
                return l;
            }
            if (attempt == 20) {
                throw new FileSystemException(dir + ": its lock file keeps being replaced");
            }
        }
    }

    /** The lock, or null when the file locked was removed from the directory meanwhile. */
    private static SpoolLock tryAcquire(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path file = dir.resolve("lock");
        FileChannel ch;
        try {
            ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (NoSuchFileException e) {
            return null; // the directory was removed meanwhile: made again on the next attempt
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
        } catch (NoSuchFileException e) {
            ch.close();
            return null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            ch.close();
            String owner = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
            throw new SpoolInUseException(dir, owner.trim());
        }
        byte[] token = (ProcessHandle.current().pid() + "\n" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(token), 0);
            if (!Arrays.equals(token, readByName(file))) {
                l.release();
                ch.close();
                return null;
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new SpoolLock(file, ch, l);
    }

    private static byte[] readByName(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer b = ByteBuffer.allocate(64);
            while (b.hasRemaining() && c.read(b) > 0) {
                // until the end of the token
            }
            return Arrays.copyOf(b.array(), b.position());
        } catch (NoSuchFileException e) {
            return new byte[0];
        }
    }

    /** Makes file creations and deletions in a directory durable. */
    static void syncDir(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        close(false);
    }

    /** Releases the lock; with remove, deletes the lock file first, while still holding it. */
    void close(boolean remove) throws IOException {
        try {
            if (remove) {
                Files.deleteIfExists(file);
            }
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
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
