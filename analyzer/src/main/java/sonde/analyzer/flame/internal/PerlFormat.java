package sonde.analyzer.flame.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers printed as FlameGraph's Perl prints them, so that outputs compare with the
 * reference tools: C's printf rounds the exact binary value half-to-even, where Java's
 * Formatter rounds a decimal approximation half-up (0.25 is "0.2" in C, "0.3" in Java).
 */
public final class PerlFormat {
    private static final MathContext G15 = new MathContext(15, RoundingMode.HALF_EVEN);

    private PerlFormat() {
    }

    /** C's {@code printf("%.Nf")}. */
    public static String fixed(double v, int decimals) {
        return new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** How Perl prints a number held as a double: C's {@code printf("%.15g")}. */
    public static String number(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "Inf" : "-Inf";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(G15);
        int exponent = d.precision() - d.scale() - 1;
        if (exponent >= -4 && exponent < 15) {
            return d.stripTrailingZeros().toPlainString();
        }
        String digits = d.unscaledValue().abs().toString().replaceAll("0+$", "");
        StringBuilder s = new StringBuilder(v < 0 ? "-" : "");
        s.append(digits.charAt(0));
        if (digits.length() > 1) {
            s.append('.').append(digits, 1, digits.length());
        }
        s.append(exponent < 0 ? "e-" : "e+");
        int e = Math.abs(exponent);
        return s.append(e < 10 ? "0" : "").append(e).toString();
    }

    /** A count with thousands separators: 1234567 is "1,234,567". */
    public static String grouped(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
