package sonde.analyzer.flame.internal;

/**
 * A running total with Perl's number semantics, so that counts print as stackcollapse-perf.pl
 * prints them: integers are exact up to 2^64-1 (Perl's UV); a period string beyond that, or a
 * sum that overflows it, becomes a double (Perl's NV) and prints as C's {@code %.15g}
 * ({@code 1.84467440737096e+19}). Real perf periods never get there; corrupt input can.
 */
public final class PerlSum {
    private long exact;      // unsigned
    private double approx;
    private boolean inexact;

    /** Adds a period given as a string of ASCII digits (leading zeros allowed). */
    public void addDigits(String digits) {
        long v;
        try {
            v = Long.parseUnsignedLong(digits);
        } catch (NumberFormatException tooBig) {
            addApprox(Double.parseDouble(digits));
            return;
        }
        add(v);
    }

    /** Adds an unsigned 64-bit value. */
    public void add(long unsigned) {
        if (inexact) {
            approx += unsignedToDouble(unsigned);
            return;
        }
        long sum = exact + unsigned;
        if (Long.compareUnsigned(sum, exact) < 0) {
            inexact = true;
            approx = unsignedToDouble(exact) + unsignedToDouble(unsigned);
        } else {
            exact = sum;
        }
    }

    /**
     * Adds another total when both are exact integers and the sum fits: true. Otherwise
     * nothing changes and false: a total that went inexact depends on the order of the
     * additions, so partial totals cannot be merged into what one running total would print.
     */
    public boolean addExact(PerlSum other) {
        if (inexact || other.inexact) {
            return false;
        }
        long sum = exact + other.exact;
        if (Long.compareUnsigned(sum, exact) < 0) {
            return false;
        }
        exact = sum;
        return true;
    }

    private void addApprox(double v) {
        if (!inexact) {
            inexact = true;
            approx = unsignedToDouble(exact);
        }
        approx += v;
    }

    /** The total for Java callers: saturates at Long.MAX_VALUE. */
    public long toLong() {
        if (inexact) {
            return approx >= 0x1p63 ? Long.MAX_VALUE : (long) approx;
        }
        return exact < 0 ? Long.MAX_VALUE : exact;
    }

    @Override
    public String toString() {
        return inexact ? PerlFormat.number(approx) : Long.toUnsignedString(exact);
    }

    private static double unsignedToDouble(long v) {
        // halve keeping the low bit as a sticky bit, so the conversion rounds once, correctly
        return v >= 0 ? (double) v : (double) ((v >>> 1) | (v & 1)) * 2.0;
    }
}
