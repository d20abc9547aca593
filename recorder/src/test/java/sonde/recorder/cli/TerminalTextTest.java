package sonde.recorder.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class TerminalTextTest {
    @Test
    void controlCharactersAreEscapedAsLsDoes() {
        assertEquals("\\033[2J\\033[H\\nroot 1 W", TerminalText.escape("\u001b[2J\u001b[H\nroot 1 W"));
        assertEquals("a\\tb\\rc\\bd\\fe\\vf\\ag\\000h\\177", TerminalText.escape("a\tb\rc\bd\fe\u000bf\u0007g\u0000h\u007f"));
        // C1 controls (U+009B is a CSI on some terminals): the bytes of their UTF-8, as ls -b shows them
        assertEquals("\\302\\233", TerminalText.escape("\u009b"));
    }

    @Test
    void everythingElseIsLeftAsItIs() {
        String s = "kworker/u8:1 é ☃ \\ 'quoted' \uD83D\uDE00";
        assertSame(s, TerminalText.escape(s));
        assertNull(TerminalText.escape(null));
    }
}
