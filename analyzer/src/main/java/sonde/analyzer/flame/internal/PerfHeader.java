package sonde.analyzer.flame.internal;

import static sonde.analyzer.flame.internal.PerlChars.isDigit;
import static sonde.analyzer.flame.internal.PerlChars.isSpace;
import static sonde.analyzer.flame.internal.PerlChars.skipDigits;
import static sonde.analyzer.flame.internal.PerlChars.skipSpace;

/**
 * The header line of one sample in perf script output, e.g.
 * {@code java 24636/25607 [000] 4794564.109216: 1 cycles:} or
 * {@code V8 WorkerThread 25607 4794564.109216: 104345 cycles:}.
 *
 * <p>stackcollapse-perf.pl recognizes it with two regular expressions:
 * {@code ^(\S.+?)\s+(\d+)\/*(\d+)*\s+} for comm, pid and tid, then
 * {@code :\s*(\d+)*\s+(\S+):\s*$} for the period and the event name. Both are matched here
 * by hand, in linear time, with the same results including the backtracking corner cases
 * (checked against java.util.regex in the tests): {@code (\d+)*} backtracks exponentially in
 * a regex engine on a long run of digits, and perf lines are not always small.
 *
 * @param comm   the process name, at least two characters, may contain spaces
 * @param pid    the first number after comm (the TID when perf printed no PID)
 * @param tid    the number after the slash, or null when there was none
 * @param period the sample period before the event name, or null
 * @param event  the event name ("cycles", "cpu-clock"), or null when the line has no
 *               {@code : [period] event:} tail; then no event filtering applies to it
 */
public record PerfHeader(String comm, String pid, String tid, String period, String event) {

    /** The header in {@code line} (no line terminator), or null if the line is not one. */
    public static PerfHeader parse(String line) {
        int n = line.length();
        if (n < 4 || isSpace(line.charAt(0))) {
            return null;
        }
        // (\S.+?) is lazy: the first blank run at index >= 2 that is followed by the
        // digits/slashes/blank shape wins. Every start inside one blank run reaches the same
        // end of run, so a failed run is skipped whole.
        int k = 2;
        while (k < n) {
            if (!isSpace(line.charAt(k))) {
                k++;
                continue;
            }
            int q = skipSpace(line, k);
            PerfHeader h = ids(line, k, q);
            if (h != null) {
                return h;
            }
            k = q;
        }
        return null;
    }

    /** Matches {@code (\d+)\/*(\d+)*\s+} at {@code q}; comm is {@code line[0, k)}. */
    private static PerfHeader ids(String line, int k, int q) {
        int n = line.length();
        int r = skipDigits(line, q);
        if (r == q || r == n) {
            return null;
        }
        String tid = null;
        if (!isSpace(line.charAt(r))) {
            int s = r;
            while (s < n && line.charAt(s) == '/') {
                s++;
            }
            if (s == r || s == n) {
                return null;
            }
            if (!isSpace(line.charAt(s))) {
                int t = skipDigits(line, s);
                if (t == s || t == n || !isSpace(line.charAt(t))) {
                    return null;
                }
                tid = line.substring(s, t);
            }
        }
        String[] periodEvent = periodAndEvent(line);
        return new PerfHeader(line.substring(0, k), line.substring(q, r), tid,
                periodEvent == null ? null : periodEvent[0], periodEvent == null ? null : periodEvent[1]);
    }

    /**
     * Matches {@code :\s*(\d+)*\s+(\S+):\s*$}: {period or null, event}, or null. The event is
     * the blank-delimited word before the line's last non-blank character, which must be a
     * colon; the leftmost colon that can start the match is the last character before the
     * event that is neither blank nor digit, and between them there must be blanks, at most
     * one run of digits, and blanks again.
     */
    static String[] periodAndEvent(String line) {
        int j = line.length() - 1;
        while (j >= 0 && isSpace(line.charAt(j))) {
            j--;
        }
        if (j < 1 || line.charAt(j) != ':' || isSpace(line.charAt(j - 1))) {
            return null;
        }
        int c = j - 1;
        while (c > 0 && !isSpace(line.charAt(c - 1))) {
            c--;
        }
        if (c == 0) {
            return null;
        }
        int i = c - 1;
        while (i >= 0 && (isSpace(line.charAt(i)) || isDigit(line.charAt(i)))) {
            i--;
        }
        if (i < 0 || line.charAt(i) != ':') {
            return null;
        }
        // R = line[i+1, c) holds only blanks and digits and ends with a blank
        int digits = i + 1;
        while (isSpace(line.charAt(digits))) {
            digits++;
        }
        int digitsEnd = digits;
        while (digitsEnd < c && isDigit(line.charAt(digitsEnd))) {
            digitsEnd++;
        }
        int end = digitsEnd;
        while (end < c && isSpace(line.charAt(end))) {
            end++;
        }
        if (end != c || (digitsEnd > digits && end == digitsEnd)) {
            return null;
        }
        return new String[] {digitsEnd > digits ? line.substring(digits, digitsEnd) : null, line.substring(c, j)};
    }
}
