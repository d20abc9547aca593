package sonde.analyzer.out;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void alignsNumbersRightAndTextLeft() {
        TextTable t = new TextTable(List.of("PID", "COMM", "KBYTES"), new boolean[] {true, false, true});
        t.add("1", "postgres", "32");
        t.add("12345", "dd", "1024");
        assertEquals("""
                  PID  COMM      KBYTES
                    1  postgres      32
                12345  dd          1024
                """, print(t));
    }

    @Test
    void underlinesTheHeaderWhenAsked() {
        TextTable t = new TextTable(List.of("a", "bb"), new boolean[] {false, true}).withRule();
        t.add("xyz", "1");
        assertEquals("a    bb\n---  --\nxyz   1\n", print(t));
    }

    @Test
    void keepsItsWidthsOnceItHasStartedPrinting() {
        TextTable t = new TextTable(List.of("n", "s"), new boolean[] {true, false});
        t.add("1", "a");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        t.print(out);
        t.add("100", "b");
        t.print(out);
        assertEquals("n  s\n1  a\n100  b\n", bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    /** A process may name itself with escape sequences and newlines: they are shown, escaped, in one aligned row. */
    @Test
    void escapesControlCharactersAndAlignsWhatItShows() {
        TextTable t = new TextTable(List.of("PID", "COMM"), new boolean[] {true, false});
        t.add("666", "\u001b[2J\nroot");
        t.add("1", "init");
        assertEquals("""
                PID  COMM
                666  \\033[2J\\nroot
                  1  init
                """, print(t));
    }

    private static String print(TextTable t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        t.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
