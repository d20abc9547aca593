package sonde.analyzer.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void aSymlinkAtTheTargetIsReplacedNotFollowed() throws IOException {
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "precious");
        Path target = dir.resolve("flame.svg");
        Files.createSymbolicLink(target, victim);
        write(target, "<svg/>");
        assertEquals("precious", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(target));
        assertEquals("<svg/>", Files.readString(target, java.nio.charset.StandardCharsets.UTF_8));
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
}
