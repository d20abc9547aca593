package sonde.recorder.sink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.cli.UserError;
import sonde.recorder.testing.Attacker;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrustedPathsTest {
    @TempDir
    Path tmp;

    @Test
    void ownLinksAreResolvedAsTheKernelWould() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("a/b"));
        Files.createSymbolicLink(tmp.resolve("rel"), Path.of("a"));
        Files.createSymbolicLink(tmp.resolve("abs"), real);
        Files.createSymbolicLink(tmp.resolve("chain"), Path.of("rel/b"));
        Files.createSymbolicLink(real.resolve("up"), Path.of(".."));
        assertEquals(real.resolve("new/deeper"), TrustedPaths.resolve(tmp.resolve("rel/b/new/deeper"), "output", null));
        assertEquals(real, TrustedPaths.resolve(tmp.resolve("abs"), "output", null));
        assertEquals(real, TrustedPaths.resolve(tmp.resolve("chain"), "output", null));
        assertEquals(tmp.resolve("a"), TrustedPaths.resolve(tmp.resolve("abs/up"), "output", null));
        // ".." after a link is the parent of where the link leads, not of the link
        assertEquals(tmp.resolve("a"), TrustedPaths.resolve(tmp.resolve("chain/.."), "output", null));
    }

    @Test
    void aLoopIsAnErrorNotAHang() throws Exception {
        Files.createSymbolicLink(tmp.resolve("loop"), Path.of("loop"));
        UserError e = assertThrows(UserError.class, () -> TrustedPaths.resolve(tmp.resolve("loop/x"), "output", null));
        assertEquals("cannot check output " + tmp.resolve("loop/x") + ": too many levels of symbolic links", e.getMessage());
    }

    @Test
    void aLinkOfAnotherUserIsRefusedWhereverItIs() throws Exception {
        Attacker.require();
        Path shared = Attacker.sharedDir(tmp);
        Path link = Attacker.symlink(shared.resolve("link"), tmp);
        UserError e = assertThrows(UserError.class, () -> TrustedPaths.resolve(link, "output", "HINT"));
        assertEquals("output " + link + " is a symbolic link owned by nobody; not following it", e.getMessage());
        assertEquals("HINT", e.hint());
        e = assertThrows(UserError.class, () -> TrustedPaths.resolve(link.resolve("x/y"), "output", "HINT"));
        assertEquals("output " + link.resolve("x/y") + ": " + link + " is a symbolic link owned by nobody; not following it",
                e.getMessage());
        // reached through a link of one's own, it is still someone else's
        Files.createSymbolicLink(tmp.resolve("mine"), link);
        e = assertThrows(UserError.class, () -> TrustedPaths.resolve(tmp.resolve("mine"), "output", "HINT"));
        assertEquals("output " + tmp.resolve("mine") + ": " + link + " is a symbolic link owned by nobody; not following it",
                e.getMessage());
    }

    @Test
    void aDirectoryOfAnotherUserIsNotOnesOwn() throws Exception {
        Attacker.require();
        Path theirs = Attacker.mkdir(Attacker.sharedDir(tmp).resolve("theirs"));
        UserError e = assertThrows(UserError.class, () -> TrustedPaths.requireOwnDirectory(theirs, "output directory",
                theirs, "HINT"));
        assertEquals("output directory " + theirs + " belongs to nobody, not to root; not writing into it", e.getMessage());
    }
}
