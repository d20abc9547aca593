package sonde.analyzer.flame.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written matchers give what stackcollapse-perf.pl's regular expressions give. The
 * expressions are run with java.util.regex on short random lines, where its backtracking is
 * cheap. DOTALL and UNIX_LINES because for Perl only '\n' ends a line: its '.' matches '\r'
 * and U+0085, and its '$' does not stop before them (the random lines have no '\n').
 */
class PerfLineMatchersTest {
    private static final Pattern HEADER = Pattern.compile("^(\\S.+?)\\s+(\\d+)/*(\\d+)*\\s+", Pattern.DOTALL | Pattern.UNIX_LINES);
    private static final Pattern EVENT = Pattern.compile(":\\s*(\\d+)*\\s+(\\S+):\\s*$", Pattern.DOTALL | Pattern.UNIX_LINES);
    private static final Pattern FRAME = Pattern.compile("^\\s*(\\w+)\\s*(.+) \\((.*)\\)", Pattern.DOTALL | Pattern.UNIX_LINES);
    private static final String[] PIECES = {" ", "  ", "\t", "\r", "\u000b", "\u0085", "\u00a0", "0", "1", "12",
        "007", "/", "//", ":", ": ", "a", "ab", "x:", " (", "(", ")", "->", "+0x1f", "[unknown]", " cycles:", "L", ";"};

    @Test
    void headerMatcherAgreesWithTheRegularExpressions() {
        for (String line : randomLines(1, 300_000)) {
            assertEquals(regexHeader(line), String.valueOf(PerfHeader.parse(line)), () -> "line " + escape(line));
        }
    }

    @Test
    void frameMatcherAgreesWithTheRegularExpression() {
        for (String line : randomLines(2, 300_000)) {
            Matcher m = FRAME.matcher(line);
            String expected = m.find() ? new PerfFrameLine(m.group(1), m.group(2), m.group(3)).toString() : "null";
            assertEquals(expected, String.valueOf(PerfFrameLine.parse(line)), () -> "line " + escape(line));
        }
    }

    @Test
    void backtracksIntoTheAddressWhenTheSymbolWouldBeEmpty() {
        assertEquals(new PerfFrameLine("fff", "f", "x"), PerfFrameLine.parse("ffff (x)"));
        assertEquals(new PerfFrameLine("ab", " ", "x"), PerfFrameLine.parse("ab  (x)"));
    }

    @Test
    void longRunsOfDigitsAreMatchedInLinearTime() {
        // a regex engine backtracks (\d+)*\s+ exponentially over such a run
        String digits = "7".repeat(5_000_000);
        // CPU time, not wall time: a busy host slows the test, not the algorithm
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = cpu.getCurrentThreadCpuTime();
        assertNull(PerfHeader.parse("comm " + digits + "/" + digits + "x"));
        PerfHeader h = PerfHeader.parse("comm 1 " + digits + "x: " + digits + "y");
        assertNull(h.event());
        assertTrue(cpu.getCurrentThreadCpuTime() - start < 2_000_000_000L, "took over 2 s of CPU time");
    }

    private static String regexHeader(String line) {
        Matcher h = HEADER.matcher(line);
        if (!h.find()) {
            return "null";
        }
        Matcher e = EVENT.matcher(line);
        boolean event = e.find();
        return new PerfHeader(h.group(1), h.group(2), h.group(3), event ? e.group(1) : null, event ? e.group(2) : null).toString();
    }

    private static List<String> randomLines(long seed, int n) {
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder();
            for (int k = r.nextInt(12); k > 0; k--) {
                s.append(PIECES[r.nextInt(PIECES.length)]);
            }
            lines.add(s.toString());
        }
        return lines;
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(c >= ' ' && c < 127 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return b.append('"').toString();
    }
}
