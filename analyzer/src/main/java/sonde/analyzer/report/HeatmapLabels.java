package sonde.analyzer.report;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/** The words and numbers of a heat map: latency labels, time slice bounds, cell tooltips. */
final class HeatmapLabels {
    private static final BigDecimal NS_PER_S = BigDecimal.valueOf(1_000_000_000L);
    private static final MathContext THREE_DIGITS = new MathContext(3, RoundingMode.HALF_UP);

    private HeatmapLabels() {
    }

    /** A latency axis label: 0, 512us, 1.02ms, 131ms, 1.05s (three significant digits above 1 ms). */
    static String latency(long us) {
        if (us == 0) {
            return "0";
        }
        if (us < 1000) {
            return us + "us";
        }
        if (us < 1_000_000) {
            return plain(BigDecimal.valueOf(us, 3).round(THREE_DIGITS)) + "ms";
        }
        return plain(BigDecimal.valueOf(us, 6).round(THREE_DIGITS)) + "s";
    }

    /**
     * Decimal places for slice bounds: the fewest (at least 1) that show a slice's width,
     * plus one more when the width is not a whole number of them (1/6 s: 0.17, 0.33, ...).
     */
    static int decimals(long spanNs, int cols) {
        BigInteger denominator = BigInteger.valueOf(cols).multiply(BigInteger.TEN.pow(9));
        BigInteger span = BigInteger.valueOf(Math.max(spanNs, 1));
        for (int d = 1; d < 9; d++) {
            BigInteger scaled = span.multiply(BigInteger.TEN.pow(d));
            if (scaled.compareTo(denominator) >= 0) {
                return scaled.mod(denominator).signum() == 0 ? d : d + 1;
            }
        }
        return 9;
    }

    /** Seconds from the window start to the start of slice {@code col}, at {@code decimals} places. */
    static String sliceStart(long spanNs, int cols, int col, int decimals) {
        BigDecimal ns = BigDecimal.valueOf(Math.max(spanNs, 1)).multiply(BigDecimal.valueOf(col));
        return ns.divide(NS_PER_S.multiply(BigDecimal.valueOf(cols)), decimals, RoundingMode.HALF_UP).toPlainString();
    }

    /** "t=5.0–5.5 s, 128–255 us: 42 I/Os". */
    static String tooltip(HeatmapGrid g, int row, int col, int decimals) {
        long span = g.cells().endNs() - g.cells().startNs();
        long n = g.count(row, col);
        return "t=" + sliceStart(span, g.cols(), col, decimals) + "\u2013" + sliceStart(span, g.cols(), col + 1, decimals)
                + " s, " + g.lowUs(row) + "\u2013" + g.highUs(row) + " us: " + n + (n == 1 ? " I/O" : " I/Os");
    }

    /** A tick value in seconds, without trailing zeros: 0, 2, 0.5, 12.5. */
    static String seconds(BigDecimal s) {
        return plain(s);
    }

    private static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
}
