package sonde.analyzer.report;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import sonde.recorder.cli.Durations;
import sonde.recorder.cli.UsageException;

/**
 * A --from or --to value: an ISO-8601 instant ({@code 2026-11-27T10:00:05Z}, fractions of a
 * second allowed) or an offset from the recording start ({@code +5s}, {@code +1.5m}, {@code +0}).
 * Exactly one of the two is set.
 */
public record TimeBound(Long epochNs, Long offsetNs) {
    private static final Pattern ZERO = Pattern.compile("0+(\\.0+)?(ns|us|ms|s|m|h)?");

    /** @param option "--from" or "--to", for the message */
    public static TimeBound parse(String option, String text) {
        String t = text.trim();
        if (t.startsWith("+")) {
            String d = t.substring(1);
            if (ZERO.matcher(d).matches()) {
                return new TimeBound(null, 0L);
            }
            try {
                return new TimeBound(null, Durations.parseNs(option, d));
            } catch (UsageException e) {
                throw bad(option, text);
            }
        }
        try {
            Instant i = Instant.parse(t);
            return new TimeBound(Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano()), null);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw bad(option, text);
        }
    }

    /** Epoch ns; an offset counts from {@code startNs} (the recording start). */
    public long resolve(long startNs) {
        return epochNs != null ? epochNs : startNs + offsetNs;
    }

    private static UsageException bad(String option, String text) {
        return new UsageException("bad " + option + " '" + text + "': expected a UTC time such as 2026-11-27T10:00:05Z"
                + " or an offset from the recording start such as +5s");
    }
}
