package sonde.analyzer.edges;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.db.Fixtures;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14 item 14: an analyst who may not read a recording (0750, root's) is told "permission
 * denied" and what to do, not that the directory is no recording. Runs an analyzer as nobody.
 */
class PermissionsTest {
    @TempDir(factory = OnDisk.class)
    Path tmp;

    @Test
    void anAnalystWithoutAccessIsToldPermissionDeniedAndWhatToDo() throws Exception {
        Privileged.requireTracing(); // root, to become nobody
        Privileged.requireTool("setpriv");
        Path rec = Fixtures.standard(tmp.resolve("rec"), 0);
        Files.setPosixFilePermissions(rec, PosixFilePermissions.fromString("rwxr-x---"));
        tmp.toFile().setExecutable(true, false);
        Path cp = Files.createDirectories(tmp.resolve("cp"));
        String classPath = Jvm.worldReadableClassPath(cp);
        List<String> cmd = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                Jvm.javaBinary(), "-Xmx256m", "-XX:-UsePerfData", "-Djava.io.tmpdir=" + cp, "-cp", classPath,
                "sonde.analyzer.Main", "top", rec.toString());
        Jvm.Result r = Jvm.run(cmd, Map.of());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("permission denied: cannot read " + rec + " (owner root, group root, mode rwxr-x---)"),
                r.err());
        assertTrue(r.err().contains("ask to be added to group root") && r.err().contains("sudo"), r.err());
        assertFalse(r.err().contains("not a sonde recording"), r.err());
        assertTrue(r.err().lines().count() <= 2 && !r.err().contains("\tat "), r.err());
    }
}
