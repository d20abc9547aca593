package sonde.analyzer.flame;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import sonde.analyzer.flame.internal.PerlChars;
import sonde.recorder.cli.TerminalText;

/**
 * Helpers for folded stacks, the interchange format of FlameGraph: one line per stack,
 * frames root-first joined by ';', then whitespace and a count ({@code main;f;g 12}). As a
 * map: stack to count. Maps returned here are sorted in {@link #ORDER}.
 */
public final class FoldedStacks {
    /**
     * Code point order, which is the byte order of UTF-8 and so the order of Perl's
     * {@code sort} (and of {@code sort} with LC_ALL=C); String.compareTo compares UTF-16 units
     * and puts U+E000..U+FFFF after the supplementary planes.
     */
    public static final Comparator<String> ORDER = FoldedStacks::compareCodePoints;

    private FoldedStacks() {
    }

    /**
     * Parses one folded line: {stack, count}, or null if it has no whitespace-separated
     * count at its end. As flamegraph.pl, the count may have a fraction ({@code 12.5});
     * here it is rounded to a whole count. The stack loses only the one blank before the count.
     */
    public static Map.Entry<String, Long> parseLine(String line) {
        int end = line.length();
        int intEnd = end;
        int start = PerlChars.skipDigitsBack(line, end);
        if (start > 0 && line.charAt(start - 1) == '.') {
            intEnd = start - 1;
            start = PerlChars.skipDigitsBack(line, intEnd);
        }
        if (start == intEnd || start == 0 || !PerlChars.isSpace(line.charAt(start - 1))) {
            return null;
        }
        String count = line.substring(start);
        long n;
        try {
            n = intEnd == end ? Long.parseLong(count) : Math.round(Double.parseDouble(count));
        } catch (NumberFormatException tooBig) {
            n = Long.MAX_VALUE;
        }
        return Map.entry(line.substring(0, start - 1), n);
    }

    /**
     * Adds every folded line of {@code in} to {@code into}, summing repeated stacks; returns
     * how many lines were not folded lines (blank lines included) and were skipped.
     */
    public static long read(Reader in, Map<String, Long> into) throws IOException {
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
        long skipped = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            Map.Entry<String, Long> e = parseLine(line);
            if (e == null) {
                skipped++;
            } else {
                into.merge(e.getKey(), e.getValue(), FoldedStacks::saturatedAdd);
            }
        }
        return skipped;
    }

    /** All folded lines of {@code in}, repeated stacks summed, invalid lines skipped. */
    public static SortedMap<String, Long> read(Reader in) throws IOException {
        SortedMap<String, Long> m = new TreeMap<>(ORDER);
        read(in, m);
        return m;
    }

    /** The sum of two profiles, stack by stack. */
    public static SortedMap<String, Long> merge(Map<String, Long> a, Map<String, Long> b) {
        SortedMap<String, Long> m = new TreeMap<>(ORDER);
        m.putAll(a);
        b.forEach((k, v) -> m.merge(k, v, FoldedStacks::saturatedAdd));
        return m;
    }

    /** The stacks that {@code keep} accepts. */
    public static SortedMap<String, Long> filter(Map<String, Long> folded, Predicate<String> keep) {
        SortedMap<String, Long> m = new TreeMap<>(ORDER);
        folded.forEach((k, v) -> {
            if (keep.test(k)) {
                m.put(k, v);
            }
        });
        return m;
    }

    /**
     * Writes {@code stack count} lines in {@link #ORDER}, control characters in the stacks escaped
     * ({@link TerminalText}): a process named with a newline cannot start a forged line.
     */
    public static void write(Map<String, Long> folded, Writer out) throws IOException {
        SortedMap<String, Long> sorted = new TreeMap<>(ORDER);
        sorted.putAll(folded);
        for (Map.Entry<String, Long> e : sorted.entrySet()) {
            out.write(TerminalText.escape(e.getKey()));
            out.write(' ');
            out.write(Long.toString(e.getValue()));
            out.write('\n');
        }
    }

    /** The total count. */
    public static long total(Map<String, Long> folded) {
        long t = 0;
        for (long v : folded.values()) {
            t = saturatedAdd(t, v);
        }
        return t;
    }

    static long saturatedAdd(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : s;
    }

    private static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // surrogates (U+D800..DFFF) stand for code points above every BMP char
                boolean sx = Character.isSurrogate(x);
                boolean sy = Character.isSurrogate(y);
                if (sx != sy) {
                    return sx ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
