package sonde.analyzer.verify;

import java.util.Locale;

/**
 * One verified metric: what the workload applied, what the recording shows, the tolerance,
 * and on failure a sentence saying what was seen instead.
 *
 * @param tolerance relative (0.01 = ±1%) when {@code relative}, else absolute in the unit
 */
record Check(String metric, double expected, double measured, double tolerance, boolean relative, String unit,
             String explain) {

    static Check relative(String metric, double expected, double measured, double tolerance, String unit) {
        return new Check(metric, expected, measured, tolerance, true, unit, null);
    }

    /** measured must be at most expected (e.g. disk bytes of a cached read). */
    static Check atMost(String metric, double limit, double measured, String unit) {
        return new Check(metric, limit, measured, -1, false, unit, null);
    }

    /** measured must be at least expected (e.g. a share of samples). */
    static Check atLeast(String metric, double floor, double measured, String unit) {
        return new Check(metric, floor, measured, -2, false, unit, null);
    }

    Check explained(String why) {
        return new Check(metric, expected, measured, tolerance, relative, unit, why);
    }

    boolean pass() {
        if (tolerance == -1) {
            return measured <= expected;
        }
        if (tolerance == -2) {
            return measured >= expected;
        }
        double allowed = relative ? Math.abs(expected) * tolerance : tolerance;
        return Math.abs(measured - expected) <= allowed;
    }

    String expectedText() {
        String v = format(expected);
        return tolerance == -1 ? "<= " + v : tolerance == -2 ? ">= " + v : v;
    }

    String measuredText() {
        return format(measured);
    }

    String toleranceText() {
        if (tolerance < 0) {
            return "-";
        }
        return relative ? String.format(Locale.ROOT, "±%.0f%%", tolerance * 100) : "±" + format(tolerance);
    }

    private String format(double v) {
        return switch (unit) {
            case "MiB" -> String.format(Locale.ROOT, "%.2f MiB", v / (1 << 20));
            case "%" -> String.format(Locale.ROOT, "%.1f%%", v);
            default -> String.format(Locale.ROOT, "%.0f%s", v, unit.isEmpty() ? "" : " " + unit);
        };
    }
}
