package sonde.analyzer.flame.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected strings are what perl 5.36 prints for the same additions. */
class PerlSumTest {
    private static String sum(String... periods) {
        PerlSum s = new PerlSum();
        for (String p : periods) {
            s.addDigits(p);
        }
        return s.toString();
    }

    @Test
    void staysExactUpToTwoToTheSixtyFourMinusOne() {
        assertEquals("18446744073709551615", sum("18446744073709551615"));
        assertEquals("18446744073709551614", sum("9223372036854775807", "9223372036854775807"));
        assertEquals("0", sum("00"));
        assertEquals("12", sum("0012"));
    }

    @Test
    void becomesADoublePrintedAsPercentFifteenGBeyondThat() {
        assertEquals("1.84467440737096e+19", sum("18446744073709551615", "1"));
        assertEquals("1.84467440737096e+19", sum("18446744073709551616"));
        assertEquals("1e+20", sum("99999999999999999999", "1"));
        assertEquals("1e+21", sum("1000000000000000000000"));
        assertEquals("1.23456789012346e+29", sum("123456789012345678901234567890"));
    }

    @Test
    void formatsLikeC() {
        assertEquals("0.0001", PerlFormat.number(1e-4));
        assertEquals("1e-05", PerlFormat.number(1e-5));
        assertEquals("123456789012345", PerlFormat.number(123456789012345.0));
        assertEquals("1.23456789012346e+15", PerlFormat.number(1234567890123456.0));
        assertEquals("Inf", PerlFormat.number(Double.POSITIVE_INFINITY));
    }
}
