package sonde.analyzer.hist;

import java.math.BigInteger;

/**
 * The distribution bar of bcc's histograms: {@code width * count / max} stars, rounded down,
 * padded with spaces to {@code width}. {@code max} is the largest count of the histogram.
 */
final class Bars {
    private Bars() {
    }

    static String of(long count, long max, int width) {
        int stars = max <= 0 ? 0 : stars(count, max, width);
        return "*".repeat(stars) + " ".repeat(width - stars);
    }

    private static int stars(long count, long max, int width) {
        if (count <= Long.MAX_VALUE / width) {
            return (int) (count * width / max);
        }
        return BigInteger.valueOf(count).multiply(BigInteger.valueOf(width)).divide(BigInteger.valueOf(max)).intValue();
    }
}
