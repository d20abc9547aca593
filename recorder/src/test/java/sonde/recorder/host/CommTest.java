package sonde.recorder.host;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CommTest {
    /** What the kernel keeps of a name: its first 15 bytes. */
    private static byte[] kernel(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, Math.min(b.length, Comm.MAX_BYTES));
    }

    private static String decoded(String name) {
        byte[] b = kernel(name);
        return Comm.decode(b, 0, b.length);
    }

    @Test
    void aNameTheKernelCutsInsideACharacterLosesThatCharacterWhole() {
        String name = "ддддддддд"; // 9 letters of 2 bytes: the kernel keeps 7 and half of the 8th
        assertEquals("ддддддд", decoded(name));
        assertEquals("ддддддд", Comm.of(name), "a -c argument is cut the same way");
    }

    @Test
    void threeAndFourByteCharactersCutAnywhereAreLeftOutWhole() {
        assertEquals("abcdefghijkl\u20ac", decoded("abcdefghijkl\u20ac")); // 12 + 3 bytes: fits
        assertEquals("abcdefghijklm", decoded("abcdefghijklm\u20ac")); // 13 + 2 of 3
        assertEquals("abcdefghijklmn", decoded("abcdefghijklmn\u20ac")); // 14 + 1 of 3
        assertEquals("abcdefghijk\uD83D\uDE00", decoded("abcdefghijk\uD83D\uDE00")); // 11 + 4 bytes: fits
        assertEquals("abcdefghijkl", decoded("abcdefghijkl\uD83D\uDE00x")); // 12 + 3 of 4
        for (String name : new String[] {"ддддддддд", "aддддддддд", "€€€€€€", "a€€€€€€", "ab€€€€€€", "😀😀😀😀", "x😀😀😀😀"}) {
            assertEquals(Comm.of(name), decoded(name), name);
        }
    }

    @Test
    void shortAndAsciiNamesAreUnchanged() {
        assertEquals("postgres", Comm.of("postgres"));
        assertEquals("postgres-checkp", Comm.of("postgres-checkpointer"));
        assertEquals("dd", decoded("dd"));
        assertEquals("ддд", decoded("ддд"));
    }

    @Test
    void malformedBytesOtherThanACutLastCharacterStayAsReplacementCharacters() {
        byte[] b = {'a', (byte) 0xff, 'b'};
        assertEquals("a\uFFFDb", Comm.decode(b, 0, b.length));
    }
}
