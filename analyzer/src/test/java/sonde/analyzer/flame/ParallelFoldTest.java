package sonde.analyzer.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Folding a file in parts on several threads gives what one pass gives, quirks included. */
class ParallelFoldTest {
    @TempDir
    Path tmp;

    static Stream<String> inputs() throws IOException {
        return CollapseCorpusTest.inputs();
    }

    @ParameterizedTest(name = "{0}, three times, in parts of about 4 KiB")
    @MethodSource("inputs")
    void partsMergeIntoWhatOnePassGives(String input) throws IOException {
        byte[] once = Files.readAllBytes(Corpus.input(input));
        Path file = tmp.resolve("in.txt");
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < 3; i++) {
                out.write(once);
            }
        }
        for (CollapseOptions o : List.of(CollapseOptions.defaults(), CollapseOptions.defaults().withAll(true).withTid(true),
                CollapseOptions.defaults().withAddrs(true))) {
            assertSame(file, o, 8, 4096);
        }
    }

    @Test
    void aPartThatStartsWithAnotherEventTypeIsFoldedWithTheInputsFirst() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("ab 1 1.0: 5 cycles:\n\t1 f (/x)\n\n");
        }
        for (int i = 0; i < 200; i++) {
            text.append("ab 1 1.0: 3 instructions:\n\t1 g (/x)\n\n");
            text.append("ab 1 1.0: 3 cycles:\n\t1 h (/x)\n\n");
        }
        Collapse c = assertSame(write(text), CollapseOptions.defaults(), 4, 1024);
        assertEquals("cycles", c.eventFilter());
        assertEquals("instructions", c.firstSkippedEvent());
    }

    @Test
    void anEventTypeFirstSeenInALaterPartIsTheFilter() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("ab 1\n\t1 f (/x)\n\n");
        }
        for (int i = 0; i < 200; i++) {
            text.append("ab 1 1.0: 3 instructions:\n\t1 g (/x)\n\n");
            text.append("ab 1 1.0: 3 cycles:\n\t1 h (/x)\n\n");
        }
        Collapse c = assertSame(write(text), CollapseOptions.defaults(), 4, 1024);
        assertEquals("instructions", c.eventFilter());
        assertEquals("cycles", c.firstSkippedEvent());
    }

    @Test
    void totalsBeyondExactIntegersFallBackToOnePass() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append("ab 1 1.0: 18446744073709551615 c:\n\t1 f (/x)\n\n");
            text.append("ab 1 1.0: 123456789012345678901234567890 c:\n\t1 g (/x)\n\n");
            text.append("ab 1 1.0: 7 c:\n\t1 g (/x)\n\n");
        }
        assertSame(write(text), CollapseOptions.defaults(), 4, 1024);
    }

    @Test
    void crlfTextHasNoPlaceToCutAndCountsItsLinesOnce() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("ab 1 1.0: 1 c:\r\n\t1 f (/x)\r\n\r\n");
        }
        Path file = write(text);
        try (FileChannel ch = FileChannel.open(file)) {
            assertEquals(List.of(0L, ch.size()), ParallelFold.cuts(ch, ch.size(), 4));
        }
        Collapse c = assertSame(file, CollapseOptions.defaults(), 4, 1024);
        assertEquals(200, c.crlfBlankLines());
    }

    @Test
    void cutsFallJustAfterBlankLines() throws IOException {
        Path file = write(new StringBuilder("ab 1\n\t1 f (/x)\n\nab 1\n\t1 g (/x)\n\nab 1\n\t1 h (/x)\n\n"));
        try (FileChannel ch = FileChannel.open(file)) {
            List<Long> cuts = ParallelFold.cuts(ch, ch.size(), 3);
            assertEquals(List.of(0L, 32L, 48L), cuts);
            byte[] all = Files.readAllBytes(file);
            assertTrue(all[31] == '\n' && all[30] == '\n');
        }
    }

    private Path write(StringBuilder text) throws IOException {
        Path file = tmp.resolve("in-" + text.length() + ".txt");
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        return file;
    }

    /** Asserts the parallel fold prints and counts what one pass does; returns it. */
    private static Collapse assertSame(Path file, CollapseOptions o, int threads, long minPart) throws IOException {
        Collapse one = new Collapse(o);
        try (InputStream in = Files.newInputStream(file)) {
            one.read(in);
        }
        Collapse parts = ParallelFold.fold(file, o, threads, minPart);
        assertEquals(text(one), text(parts), file + " " + o);
        assertEquals(one.size(), parts.size());
        assertEquals(one.unrecognizedLines(), parts.unrecognizedLines());
        assertEquals(one.crlfBlankLines(), parts.crlfBlankLines());
        assertEquals(one.skippedLongLines(), parts.skippedLongLines());
        assertEquals(one.eventFilter(), parts.eventFilter());
        assertEquals(one.firstSkippedEvent(), parts.firstSkippedEvent());
        return parts;
    }

    private static String text(Collapse c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.writeTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
