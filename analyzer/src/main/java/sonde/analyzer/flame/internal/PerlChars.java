package sonde.analyzer.flame.internal;

/**
 * Perl's character classes as stackcollapse-perf.pl sees them. The script reads bytes with no
 * decoding layer, and for such strings Perl's \s, \w and \d are ASCII-only: bytes 0x80-0xff
 * (0x85 NEL and 0xa0 NBSP included) match none of them. Lines here are byte strings held as
 * ISO-8859-1 Java strings, one char per byte.
 */
public final class PerlChars {
    private PerlChars() {
    }

    /** Perl \s since 5.18: space, \t, \n, \x0b, \f, \r. */
    public static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** {@link #isSpace(char)} for one byte of a byte string. */
    public static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    /** {@link #isWord(char)} for one byte of a byte string. */
    public static boolean isWord(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_';
    }

    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Perl \w on a byte string: [A-Za-z0-9_]. */
    public static boolean isWord(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
    }

    /** End of the run of {@code \s} starting at {@code from}. */
    public static int skipSpace(String s, int from) {
        int i = from;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** End of the run of digits starting at {@code from}. */
    public static int skipDigits(String s, int from) {
        int i = from;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Start of the run of digits ending just before {@code end}. */
    public static int skipDigitsBack(String s, int end) {
        int i = end;
        while (i > 0 && isDigit(s.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
