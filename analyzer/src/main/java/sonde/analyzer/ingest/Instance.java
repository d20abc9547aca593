package sonde.analyzer.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import sonde.recorder.cli.UserError;
import sonde.recorder.host.Host;
import sonde.recorder.sink.OutputDir;

/**
 * Who an ingester is, the same after a restart: its Kafka {@code group.instance.id} (static
 * membership, so that a restarted ingester gets its partitions back at once instead of after the
 * session timeout), the start of its file names and its ledger's name. By default
 * HOST-HASH, HASH of the output directory, group and topic prefix; a second ingester of the same
 * on one host takes HOST-HASH.1, and so on. An fcntl lock on {@code DIR/.ingest/INSTANCE.lock}
 * makes the name one process's; the kernel releases it when the process dies, so the next start
 * takes the same name, and every hidden {@code .ingest-INSTANCE-….tmp} file it finds is a dead
 * run's and is removed.
 */
final class Instance implements AutoCloseable {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final int SLOTS = 64;

    private final String id;
    private final FileChannel channel;
    private final FileLock lock;

    private Instance(String id, FileChannel channel, FileLock lock) {
        this.id = id;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes {@code explicit} (from --instance), or the first free default name. */
    static Instance acquire(OutputDir out, String explicit, String group, String topicPrefix) throws IOException {
        Path dir = out.subdir(Ledger.DIR);
        if (explicit != null) {
            Instance i = tryLock(dir, explicit);
            if (i == null) {
                throw new UserError("another ingester runs as instance " + explicit + " on " + out.root(),
                        "give each ingester its own --instance, or stop the other one first");
            }
            return i;
        }
        String base = base(out.root(), group, topicPrefix);
        for (int n = 0; n < SLOTS; n++) {
            Instance i = tryLock(dir, n == 0 ? base : base + "." + n);
            if (i != null) {
                return i;
            }
        }
        throw new UserError(SLOTS + " ingesters run on " + out.root() + " from this host already", "stop one of them first");
    }

    static String base(Path root, String group, String topicPrefix) {
        CRC32C c = new CRC32C();
        c.update((root.toAbsolutePath() + "\n" + group + "\n" + topicPrefix).getBytes(StandardCharsets.UTF_8));
        String host = Host.name().replaceAll("[^A-Za-z0-9._-]", "_");
        return (host.isEmpty() ? "host" : host) + "-" + String.format("%08x", c.getValue());
    }

    private static Instance tryLock(Path dir, String id) throws IOException {
        Path file = dir.resolve(id + ".lock");
        FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // this JVM holds it already
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ch.close();
            return null;
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        return new Instance(id, ch, l);
    }

    String id() {
        return id;
    }

    /**
     * Removes the unfinished files of this instance's earlier runs (killed before they were
     * renamed; their messages were not committed and are read again); returns how many.
     */
    int removeStaleFiles(Path root, Iterable<String> kinds) throws IOException {
        Pattern own = Pattern.compile("\\.ingest-" + Pattern.quote(id) + "-\\d{8}T\\d{6}Z-\\d+-[0-9a-f]+-\\d+\\.parquet\\.tmp");
        int removed = 0;
        for (String kind : kinds) {
            Path sub = root.resolve(kind);
            if (!Files.isDirectory(sub, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(sub)) {
                for (Path p : walk.filter(p -> own.matcher(p.getFileName().toString()).matches()).toList()) {
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(p)) {
                        removed++;
                    }
                }
            }
        }
        return removed;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
