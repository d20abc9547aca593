package sonde.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.Privileged;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Debian package, installed on this machine with dpkg as an administrator would, used from
 * /usr/bin/sonde, then purged: nothing of it stays, also when a step fails.
 */
class DebianPackageTest {
    @Test
    void installedWithDpkgItRecordsReportsAndPurgesCleanly(@TempDir Path tmp) throws Exception {
        Privileged.require("root".equals(System.getProperty("user.name")), "installs a package: needs root");
        Privileged.requireTool("dpkg");
        Path deb = Installed.artifact("sonde_*_all.deb");
        Jvm.Result before = Jvm.run(List.of("dpkg-query", "-W", "-f=${Status}", "sonde"), Map.of());
        Privileged.require(!before.out().contains("installed"), "sonde is installed on this machine already: " + before.out());
        try {
            dpkg("-i", deb.toString());
            assertTrue(Files.isSymbolicLink(Path.of("/usr/bin/sonde")), "/usr/bin/sonde");
            assertTrue(Files.isRegularFile(Path.of("/lib/systemd/system/sonde-record.service")));
            ReleaseArchiveTest.assertOneOfEachJar(Path.of("/usr/lib/sonde/lib"));
            // analysts of group sonde read the recordings: root:sonde, setgid, nothing for others
            PosixFileAttributes state = Files.readAttributes(Path.of("/var/lib/sonde"), PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            assertEquals("sonde", state.group().getName());
            assertEquals("drwxr-s---", Installed.run(List.of("stat", "-c", "%A", "/var/lib/sonde"), Map.of()).out().trim());

            Installed.recordsAndReports(Path.of("/usr/bin/sonde"), tmp, Map.of());
        } finally {
            dpkg("--purge", "sonde");
        }
        assertFalse(Files.exists(Path.of("/usr/lib/sonde")), "/usr/lib/sonde left behind");
        assertFalse(Files.exists(Path.of("/usr/bin/sonde"), LinkOption.NOFOLLOW_LINKS), "/usr/bin/sonde left behind");
        assertFalse(Files.exists(Path.of("/var/lib/sonde")), "purge removes the recordings' directory");
        assertFalse(Jvm.run(List.of("getent", "group", "sonde"), Map.of()).exit() == 0, "purge removes the group");
    }

    /**
     * dpkg with its lock: other builds on this machine may be installing packages; dpkg does not
     * wait for its lock, so this does, for up to five minutes.
     */
    private static void dpkg(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("dpkg"));
        cmd.addAll(List.of(args));
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        for (int attempt = 0; ; attempt++) {
            Jvm.Result r = Jvm.run(cmd, env);
            if (r.exit() == 0) {
                return;
            }
            if (!(r.err().contains("lock") && attempt < 60)) {
                throw new AssertionError(cmd + " exited " + r.exit() + ":\n" + r.out() + r.err());
            }
            Thread.sleep(5000);
        }
    }
}
