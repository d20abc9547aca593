package sonde.analyzer.flame.internal;

import static sonde.analyzer.flame.internal.PerlChars.isSpace;
import static sonde.analyzer.flame.internal.PerlChars.isWord;
import static sonde.analyzer.flame.internal.PerlChars.skipSpace;

/**
 * One stack frame line of perf script output, e.g.
 * {@code \t    ffffffff8103ce3b native_safe_halt+0xb ([kernel.kallsyms])}.
 *
 * <p>stackcollapse-perf.pl matches {@code ^\s*(\w+)\s*(.+) \((.*)\)}, unanchored at the end.
 * Greedy {@code (.+)} makes the module start at the last {@code " ("} that has a {@code ')'}
 * after it, and greedy {@code (.*)} ends it at the last {@code ')'} of the line, whatever
 * follows. Only when the symbol would then be empty does the engine backtrack into the blanks
 * after the address, and then into the address itself: {@code "ffff (x)"} gives address
 * {@code "fff"} and symbol {@code "f"}. Matched by hand in linear time with the same result.
 *
 * @param pc      the address (word characters)
 * @param rawFunc the symbol as printed, offset and inline chain included
 * @param mod     the text inside the parentheses: the DSO path, [kernel.kallsyms], [unknown]
 */
public record PerfFrameLine(String pc, String rawFunc, String mod) {

    /** The frame in {@code line} (no line terminator), or null if the line is not one. */
    public static PerfFrameLine parse(String line) {
        int p0 = skipSpace(line, 0);
        if (p0 == line.length() || !isWord(line.charAt(p0))) {
            return null;
        }
        int lastParen = line.lastIndexOf(')');
        if (lastParen < 2) {
            return null;
        }
        int open = line.lastIndexOf(" (", lastParen - 2);
        if (open < 0) {
            return null;
        }
        int p1 = p0;
        while (p1 < line.length() && isWord(line.charAt(p1))) {
            p1++;
        }
        int p2 = skipSpace(line, p1);
        // the symbol starts at s: after the blanks if it can, else as far right as it can
        int s = Math.min(p2, open - 1);
        if (s < p0 + 1) {
            return null;
        }
        String pc = line.substring(p0, Math.min(s, p1));
        return new PerfFrameLine(pc, line.substring(s, open), line.substring(open + 2, lastParen));
    }
}
