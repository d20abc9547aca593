package sonde.recorder.sink.kafka;

import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UserError;
import sonde.recorder.sink.TrustedPaths;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Which spool a recording uses. With --spool-dir, exactly that directory (an error if another
 * recorder holds it). Otherwise a slot under the spool root named for where the events go,
 * {@code ROOT/HOST_PREFIX_HASH.N} (HASH of the bootstrap servers): each running recorder locks
 * its own slot, so concurrent recordings never share a spool, and a later recording to the same
 * place picks up a slot that a previous run left events in, and sends them first. A slot is
 * removed when its recording ends with nothing left to send.
 */
public final class SpoolDirs {
    static final int SLOTS = 64;

    private SpoolDirs() {
    }

    public static Spool open(KafkaTarget t, String host) {
        if (t.spoolDir() != null) {
            try {
                boolean made = !Files.exists(t.spoolDir(), LinkOption.NOFOLLOW_LINKS); // then it goes when empty again
                return Spool.open(trusted(t.spoolDir(), "choose another with --spool-dir DIR"), t.spoolBytes(), made);
            } catch (SpoolLock.SpoolInUseException e) {
                throw new UserError("cannot use spool " + t.spoolDir() + ": in use by another sonde record"
                        + (e.owner().isEmpty() ? "" : " (pid " + e.owner() + ")"), "give each recording its own --spool-dir");
            } catch (IOException e) {
                throw failed(t.spoolDir(), e);
            }
        }
        String base = base(t, host);
        String hint = "remove it (another user may have made it to attack sonde), or choose a spool with --spool-dir DIR";
        Path root = trusted(t.spoolRoot(), hint);
        try {
            for (Path slot : slotsLeftoversFirst(root, base)) {
                try {
                    return Spool.open(trusted(slot, hint), t.spoolBytes(), true);
                } catch (SpoolLock.SpoolInUseException e) {
                    // a concurrent recording has this one
                }
            }
        } catch (IOException e) {
            throw failed(root, e);
        }
        throw new UserError("cannot use a spool under " + root + ": all " + SLOTS + " slots for " + base + " are in use",
                "name one with --spool-dir DIR");
    }

    /**
     * The spool directory, created (0700) if needed, as a path without links; refused unless it
     * belongs to this user and no one else may write to it: in a shared directory such as
     * /var/tmp anyone could make it first and plant links in it for root to write through.
     */
    static Path trusted(Path dir, String hint) {
        Path real = TrustedPaths.resolve(dir, "spool", hint);
        if (!Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(real, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                throw failed(dir, e);
            }
            real = TrustedPaths.resolve(dir, "spool", hint);
        }
        TrustedPaths.requireOwnDirectory(real, "spool directory", dir, hint);
        return real;
    }

    /** Slots that hold segments first (their events wait to be sent), then the rest, in number order. */
    static List<Path> slotsLeftoversFirst(Path root, String base) {
        List<Path> withSegments = new ArrayList<>();
        List<Path> others = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            Path slot = root.resolve(base + "." + i);
            (hasSegments(slot) ? withSegments : others).add(slot);
        }
        withSegments.addAll(others);
        return withSegments;
    }

    private static boolean hasSegments(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".seg"));
        } catch (IOException e) {
            return false;
        }
    }

    /** HOST_PREFIX_HASH: the slots' name before the number. */
    static String base(KafkaTarget t, String host) {
        return host + "_" + t.topicPrefix() + "_" + hash(t.bootstrap());
    }

    private static String hash(String bootstrap) {
        CRC32C c = new CRC32C();
        c.update(bootstrap.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", c.getValue());
    }

    private static UserError failed(Path dir, IOException e) {
        String m = Reasons.of(e);
        return new UserError("cannot open spool " + dir + ": " + m, "choose another with --spool-dir DIR", e);
    }
}
