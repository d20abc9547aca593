package sonde.recorder.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another local user, without privileges (nobody, uid 65534), laying traps for sonde running as
 * root: its commands run through setpriv, so what it makes is really its own, made the way such a
 * user could make it. Needs root (to become nobody) and setpriv.
 */
public final class Attacker {
    public static final int UID = 65534;

    private Attacker() {
    }

    /** Fails under CI=true, skips otherwise, unless this test can act as another user. */
    public static void require() {
        Privileged.requireTracing(); // root, which is what can become nobody (and what the traps are for)
        Privileged.requireTool("setpriv", "util-linux");
    }

    /**
     * A sticky directory anyone may write to, as /tmp is, in {@code dir}; {@code dir} and its
     * parents up to the build's temporary directory are made searchable by the other user.
     */
    public static Path sharedDir(Path dir) throws IOException {
        Path top = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        for (Path p = dir.toAbsolutePath(); p != null && p.startsWith(top); p = p.getParent()) {
            p.toFile().setExecutable(true, false);
        }
        Path shared = Files.createDirectories(dir.resolve("shared"));
        chmod("1777", shared);
        run("test", "-w", shared.toString()); // fails here, saying so, if nobody cannot reach it
        return shared;
    }

    /** Runs a command as the other user; fails the test if it fails. */
    public static void run(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups",
                "--inh-caps=-all"));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("as nobody: " + String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Its directory, mode 0777, in {@code shared}. */
    public static Path mkdir(Path dir) throws IOException {
        run("mkdir", "-m", "777", dir.toString());
        return dir;
    }

    /** Its symbolic link {@code link} to {@code target}. */
    public static Path symlink(Path link, Path target) throws IOException {
        run("ln", "-s", target.toString(), link.toString());
        return link;
    }

    /** Its FIFO. */
    public static Path mkfifo(Path fifo) throws IOException {
        run("mkfifo", "-m", "666", fifo.toString());
        return fifo;
    }

    /** chmod with a mode that Java's permission sets cannot say (the sticky bit). */
    public static void chmod(String mode, Path p) throws IOException {
        try {
            Process c = new ProcessBuilder("chmod", mode, p.toString()).redirectErrorStream(true).start();
            String out = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (c.waitFor() != 0) {
                throw new IOException("chmod " + mode + " " + p + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
