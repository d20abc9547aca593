package sonde.analyzer.flame.internal;

import static sonde.analyzer.flame.internal.PerlChars.isSpace;
import static sonde.analyzer.flame.internal.PerlChars.skipDigits;
import static sonde.analyzer.flame.internal.PerlChars.skipSpace;

/**
 * The optional CPU and time fields of a perf script sample header, which stackcollapse-perf.pl
 * does not read: in {@code java 24636/25607 [003] 4794564.109216: 1 cycles:} they are
 * {@code [003]} and {@code 4794564.109216:}, right after the ids that {@link PerfHeader} found.
 * perf prints the time as seconds with 6 fraction digits (9 with {@code --ns}) on the clock the
 * recording used: perf_clock, seconds since boot, unless recorded with {@code -k realtime}.
 *
 * @param cpu    the CPU number, or {@link #NO_CPU} when perf printed none (or an unreadable one)
 * @param timeNs the time in ns, or {@link #NO_TIME} when perf printed none (or an unreadable one)
 */
public record PerfCpuTime(int cpu, long timeNs) {
    public static final int NO_CPU = -1;
    public static final long NO_TIME = -1;
    private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

    /** The fields of {@code line}, whose ids {@code header} (parsed from the same line) holds. */
    public static PerfCpuTime parse(String line, PerfHeader header) {
        int n = line.length();
        int p = skipSpace(line, header.comm().length());
        p = skipDigits(line, p);
        while (p < n && line.charAt(p) == '/') {
            p++;
        }
        p = skipSpace(line, skipDigits(line, p));
        int cpu = NO_CPU;
        if (p < n && line.charAt(p) == '[') {
            int end = skipDigits(line, p + 1);
            if (end > p + 1 && end - p - 1 <= 9 && end < n && line.charAt(end) == ']') {
                cpu = Integer.parseInt(line, p + 1, end, 10);
                p = skipSpace(line, end + 1);
            }
        }
        return new PerfCpuTime(cpu, time(line, p));
    }

    /** {@code \d+\.\d+:} followed by a blank or the end, at {@code p}; else NO_TIME. */
    private static long time(String line, int p) {
        int n = line.length();
        int dot = skipDigits(line, p);
        if (dot == p || dot - p > 18 || dot >= n || line.charAt(dot) != '.') {
            return NO_TIME;
        }
        int end = skipDigits(line, dot + 1);
        if (end == dot + 1 || end >= n || line.charAt(end) != ':' || (end + 1 < n && !isSpace(line.charAt(end + 1)))) {
            return NO_TIME;
        }
        long seconds = Long.parseLong(line, p, dot, 10);
        if (seconds > MAX_SECONDS) {
            return NO_TIME;
        }
        long fraction = 0;
        long scale = 100_000_000L;
        for (int i = dot + 1; i < end && scale > 0; i++, scale /= 10) {
            fraction += (line.charAt(i) - '0') * scale;
        }
        long ns = seconds * 1_000_000_000L + fraction;
        return ns < 0 ? NO_TIME : ns;
    }
}
