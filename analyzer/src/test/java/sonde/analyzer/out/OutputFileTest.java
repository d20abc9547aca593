package sonde.analyzer.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.testing.Attacker;
import sonde.recorder.testing.Privileged;

class OutputFileTest {
    @TempDir
    Path dir;

    private static void write(Path target, String text) throws IOException {
        try (OutputFile f = OutputFile.create(target)) {
            Writer w = f.writer();
            w.write(text);
            w.flush();
            f.commit();
        }
    }

    private List<Path> others(Path... known) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !List.of(known).contains(p)).toList();
        }
    }

    @Test
    void writesWholeFilesMode0640() throws IOException {
        Path target = dir.resolve("report.html");
        write(target, "<html>é</html>");
        assertEquals("<html>é</html>", Files.readString(target));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of(), others(target));
    }

    /** Someone else's link in a shared directory such as /tmp could point anywhere: it is not followed, nor replaced. */
    @Test
    void aSymlinkOfSomeoneElseAtTheTargetIsRefused() throws IOException {
        Attacker.require();
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "precious");
        Path target = Attacker.symlink(Attacker.sharedDir(dir).resolve("flame.svg"), victim);
        assertEquals(target + " is a symbolic link owned by nobody; not following it",
                assertThrows(IOException.class, () -> write(target, "<svg/>")).getMessage());
        assertEquals("precious", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(target));
    }

    /**
     * A link of one's own (or root's, as /dev/stdout is) is written through, as cp does: replacing
     * it would turn /dev/stdout into a file of the host's /dev.
     */
    @Test
    void aSymlinkOfOnesOwnIsWrittenThrough() throws IOException {
        Path file = dir.resolve("real.svg");
        Files.writeString(file, "old and longer");
        Path target = dir.resolve("flame.svg");
        Files.createSymbolicLink(target, file);
        write(target, "<svg/>");
        assertTrue(Files.isSymbolicLink(target));
        assertEquals("<svg/>", Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of(), others(target, file));
    }

    /** -o /dev/null, /dev/full, a FIFO: written into as they are, never replaced (a real /dev/full was, once). */
    @Test
    void aDeviceOrAFifoIsWrittenIntoNotReplaced() throws Exception {
        Privileged.requireTracing(); // root, to make device nodes
        Path nul = mknod("null", "c", 1, 3);
        write(nul, "<svg/>");
        assertEquals("c", type(nul));
        Path full = mknod("full", "c", 1, 7);
        IOException e = assertThrows(IOException.class, () -> write(full, "x".repeat(1 << 17)));
        assertEquals("No space left on device", e.getMessage());
        assertEquals("c", type(full));
        Path stdout = dir.resolve("stdout"); // as /dev/stdout: a link of root's to what is open
        Files.createSymbolicLink(stdout, nul);
        write(stdout, "<svg/>");
        assertTrue(Files.isSymbolicLink(stdout));
        assertEquals("c", type(nul));
        Path fifo = dir.resolve("fifo");
        run("mkfifo", fifo.toString());
        java.util.concurrent.CompletableFuture<String> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        });
        write(fifo, "through the pipe");
        assertEquals("through the pipe", read.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("p", type(fifo));
        Path block = mknod("block", "b", 7, 255);
        assertEquals(block + " is a block device; not writing over it",
                assertThrows(IOException.class, () -> write(block, "x")).getMessage());
        assertEquals("b", type(block));
        assertEquals(List.of(), others(nul, full, stdout, fifo, block));
    }

    private Path mknod(String name, String type, int major, int minor) throws Exception {
        Path p = dir.resolve(name);
        run("mknod", p.toString(), type, String.valueOf(major), String.valueOf(minor));
        return p;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    private static String type(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
        return mode == 0020000 ? "c" : mode == 0060000 ? "b" : mode == 0010000 ? "p" : Integer.toOctalString(mode);
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoHalfFile() throws IOException {
        Path target = dir.resolve("x.json");
        Files.writeString(target, "old");
        try (OutputFile f = OutputFile.create(target)) {
            f.stream().write("half".getBytes());
            // no commit: the write failed somewhere
        }
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(), others(target));
    }

    @Test
    void twoWritersOfOneNameEachWriteAWholeFile() throws Exception {
        Path target = dir.resolve("report.html");
        String a = "a".repeat(1 << 20);
        String b = "b".repeat(1 << 20);
        try (OutputFile fa = OutputFile.create(target); OutputFile fb = OutputFile.create(target)) {
            Writer wa = fa.writer();
            Writer wb = fb.writer();
            wa.write(a, 0, 1 << 19);
            wb.write(b);
            wa.write(a, 1 << 19, 1 << 19);
            wb.flush();
            fb.commit();
            assertEquals(b, Files.readString(target));
            wa.flush();
            fa.commit();
        }
        assertEquals(a, Files.readString(target));
        assertEquals(List.of(), others(target));
    }

    @Test
    void saysWhatIsWrongInWords() throws IOException {
        assertEquals("no such directory " + dir.resolve("nope"),
                assertThrows(IOException.class, () -> OutputFile.create(dir.resolve("nope/x.svg"))).getMessage());
        Files.createDirectory(dir.resolve("sub"));
        assertEquals(dir.resolve("sub") + " is a directory",
                assertThrows(IOException.class, () -> OutputFile.create(dir.resolve("sub"))).getMessage());
        assertTrue(Files.isDirectory(dir.resolve("sub"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aDirectoryOrANameEndingInSlashMeansTheDefaultNameInIt() throws IOException {
        Files.createDirectory(dir.resolve("existing"));
        assertEquals(dir + "/existing/report.html", OutputFile.target(dir.resolve("existing").toString(), "report.html"));
        assertEquals(dir + "/existing/report.html", OutputFile.target(dir + "/existing/", "report.html"));
        assertEquals(dir + "/new/flame.svg", OutputFile.target(dir + "/new/", "flame.svg"));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new"))),
                "made as a recording directory is");
        assertEquals(dir + "/plain.svg", OutputFile.target(dir + "/plain.svg", "flame.svg"));
        assertEquals("-", OutputFile.target("-", "flame.svg"));
        Files.writeString(dir.resolve("file"), "x");
        assertEquals(dir + "/file/ is not a directory",
                assertThrows(IOException.class, () -> OutputFile.target(dir + "/file/", "r.html")).getMessage());
        assertEquals("no such directory " + dir + "/none",
                assertThrows(IOException.class, () -> OutputFile.target(dir + "/none/deeper/", "r.html")).getMessage());
    }
}
