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
    void skipsAndCountsLinesOverTheLimit() throws IOException {
        ByteLines l = of("short\n" + "x".repeat(200_000) + "\n" + "y".repeat(11) + "\nok", 10);
        assertEquals("short", l.next());
        assertEquals("ok", l.next());
        assertNull(l.next());
        assertEquals(2, l.skippedTooLong());
    }
}
