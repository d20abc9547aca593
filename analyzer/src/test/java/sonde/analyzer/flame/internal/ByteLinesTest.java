package sonde.analyzer.flame.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ByteLinesTest {
    private static ByteLines of(String latin1, int max) {
        return new ByteLines(new ByteArrayInputStream(latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)), max);
    }

    @Test
    void splitsOnNewlineOnlyAndKeepsCarriageReturnsAndHighBytes() throws IOException {
        ByteLines l = of("a\r\n\u00c3\u00a9\u0085\n\nlast", 100);
        assertEquals("a\r", l.next());
        assertEquals("\u00c3\u00a9\u0085", l.next());
        assertEquals("", l.next());
        assertEquals("last", l.next());
        assertNull(l.next());
    }

    @Test
    void linesLongerThanTheBufferAndAcrossRefillsComeBackWhole() throws IOException {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            in.append("line ").append(i).append('\n');
        }
        String big = "y".repeat(700_000);
        in.append(big).append("\nend");
        ByteLines l = of(in.toString(), 1 << 20);
        for (int i = 0; i < 50_000; i++) {
            assertEquals("line " + i, l.next());
        }
        assertEquals(big, l.next());
        assertEquals("end", l.next());
        assertNull(l.next());
        assertEquals(0, l.skippedTooLong());
    }

    @Test
    void skipsAndCountsLinesOverTheLimit() throws IOException {
        ByteLines l = of("short\n" + "x".repeat(200_000) + "\n" + "y".repeat(11) + "\nok", 10);
        assertEquals("short", l.next());
        assertEquals("ok", l.next());
        assertNull(l.next());
        assertEquals(2, l.skippedTooLong());
    }
}
