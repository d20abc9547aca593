package sonde.recorder.sink.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.cli.UserError;
import sonde.recorder.testing.Attacker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolDirsTest {
    @TempDir
    Path tmp;

    private KafkaTarget target(Path spoolDir) {
        return KafkaTarget.of("localhost:9092", new Properties(), "sonde", spoolDir, 1 << 20).withSpoolRoot(tmp);
    }

    @Test
    void concurrentRecordersGetTheirOwnSlots() throws Exception {
        try (Spool a = SpoolDirs.open(target(null), "h1"); Spool b = SpoolDirs.open(target(null), "h1")) {
            assertNotEquals(a.dir(), b.dir());
            assertEquals(tmp, a.dir().getParent());
            assertTrue(a.dir().getFileName().toString().startsWith("h1_sonde_"), a.dir().toString());
        }
    }

    @Test
    @SuppressWarnings("try") // spool a is only held: that it is in use is the point
    void aLaterRecorderTakesTheSlotWithLeftovers() throws Exception {
        Path withLeftovers;
        try (Spool a = SpoolDirs.open(target(null), "h1"); Spool b = SpoolDirs.open(target(null), "h1")) {
            b.append(new SpoolRecord("sonde.disk_io", "h1".getBytes(StandardCharsets.UTF_8), new byte[] {1}));
            withLeftovers = b.dir();
        }
        try (Spool c = SpoolDirs.open(target(null), "h1")) {
            assertEquals(withLeftovers, c.dir());
            assertEquals(1, c.foundRecords());
        }
    }

    @Test
    @SuppressWarnings("try") // spool a is only held: that it is in use is the point
    void anExplicitSpoolInUseIsAnErrorNamingIt() throws Exception {
        Path dir = tmp.resolve("mine");
        try (Spool a = SpoolDirs.open(target(dir), "h1")) {
            UserError e = assertThrows(UserError.class, () -> SpoolDirs.open(target(dir), "h1"));
            assertEquals("cannot use spool " + dir + ": in use by another sonde record (pid " + ProcessHandle.current().pid() + ")",
                    e.getMessage());
        }
    }

    /**
     * The attack of issue 14: another user makes the predictable spool directories first (mode
     * 777) with a {@code lock} link to a file of root's; root's recorder must neither truncate
     * nor write that file, and say why it stops.
     */
    @Test
    void aSpoolThatAnotherUserMadeIsRefusedAndNothingIsWrittenThroughIt() throws Exception {
        Attacker.require();
        Path shared = Attacker.sharedDir(tmp);
        Path victim = victim();
        Path root = Attacker.mkdir(shared.resolve("sonde-spool"));
        KafkaTarget t = target(null).withSpoolRoot(root);
        Path slot = Attacker.mkdir(root.resolve(SpoolDirs.base(t, "h1") + ".0"));
        Attacker.symlink(slot.resolve("lock"), victim);
        UserError e = assertThrows(UserError.class, () -> SpoolDirs.open(t, "h1"));
        assertEquals("spool directory " + root + " belongs to nobody, not to root; not writing into it", e.getMessage());
        assertTrue(e.hint().startsWith("remove it"), e.hint());
        assertVictimIntact(victim);
    }

    /** The same with the spool root of this user, but a slot in it of someone else's (made while it was open to them). */
    @Test
    void aSlotOfAnotherUserIsRefused() throws Exception {
        Attacker.require();
        Path shared = Attacker.sharedDir(tmp);
        Path root = shared.resolve("mine");
        Files.createDirectory(root);
        KafkaTarget t = target(null).withSpoolRoot(root);
        Attacker.chmod("777", root);
        Path slot = Attacker.mkdir(root.resolve(SpoolDirs.base(t, "h1") + ".0"));
        Attacker.chmod("700", root);
        UserError e = assertThrows(UserError.class, () -> SpoolDirs.open(t, "h1"));
        assertEquals("spool directory " + slot + " belongs to nobody, not to root; not writing into it", e.getMessage());
    }

    @Test
    void anExplicitSpoolThroughAnotherUsersLinkIsRefused() throws Exception {
        Attacker.require();
        Path shared = Attacker.sharedDir(tmp);
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Path link = Attacker.symlink(shared.resolve("link"), elsewhere);
        Path dir = link.resolve("spool");
        UserError e = assertThrows(UserError.class, () -> SpoolDirs.open(target(dir), "h1"));
        assertEquals("spool " + dir + ": " + link + " is a symbolic link owned by nobody; not following it", e.getMessage());
        assertFalse(Files.exists(elsewhere.resolve("spool")), "nothing made through the link");
    }

    @Test
    void aSpoolOthersMayWriteToIsRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
        UserError e = assertThrows(UserError.class, () -> SpoolDirs.open(target(dir), "h1"));
        assertEquals("spool directory " + dir + " is writable by its group; not writing into it", e.getMessage());
        assertEquals("remove their write permission (chmod go-w " + dir + "), or choose another with --spool-dir DIR",
                e.hint());
    }

    /** Whoever made it, a link in a spool is never followed: not for the lock, not for a segment. */
    @Test
    void linksInASpoolAreNotFollowed() throws Exception {
        Path victim = victim();
        Path dir = Files.createDirectory(tmp.resolve("spool"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(dir.resolve("lock"), victim);
        UserError e = assertThrows(UserError.class, () -> SpoolDirs.open(target(dir), "h1"));
        assertEquals("cannot open spool " + dir + ": " + dir.resolve("lock") + " is a symbolic link; not following it",
                e.getMessage());
        assertVictimIntact(victim);
        Files.delete(dir.resolve("lock"));
        Files.createSymbolicLink(dir.resolve("0000000000000000.seg"), victim);
        assertThrows(UserError.class, () -> SpoolDirs.open(target(dir), "h1"));
        assertVictimIntact(victim);
    }

    private Path victim() throws IOException {
        Path victim = tmp.resolve("victim");
        if (!Files.exists(victim)) {
            Files.writeString(victim, "root's precious file\n");
        }
        return victim;
    }

    private static void assertVictimIntact(Path victim) throws IOException {
        assertEquals("root's precious file\n", Files.readString(victim), "the file the link points to is untouched");
    }
}
