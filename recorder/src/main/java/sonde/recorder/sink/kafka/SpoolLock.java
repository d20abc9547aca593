package sonde.recorder.sink.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

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

    /** Creates the directory (0700: it holds trace data) if needed and locks it. */
    static SpoolLock acquire(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path file = dir.resolve("lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // this JVM holds it already
        }
        if (l == null) {
            String owner = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
            ch.close();
            throw new SpoolInUseException(dir, owner);
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
