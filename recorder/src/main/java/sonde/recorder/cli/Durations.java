package sonde.recorder.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users type them: 10s, 500ms, 2m, 1h, 1.5s; a bare number is seconds. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h)?");

    private Durations() {
    }

    /** Parses a positive duration; {@code what} names the option in the error ("--duration"). */
    public static long parseNs(String what, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new UsageException("bad " + what + " '" + text + "': expected a positive duration such as 10s, 500ms, 2m or 1h");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double ns = n * switch (unit) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
        if (ns < 1 || ns > 366 * 24 * 3600e9) {
            throw new UsageException("bad " + what + " '" + text + "': must be more than 0 and at most a year");
        }
        return (long) ns;
    }

    /** 1.5 s, 250 ms, 3 min: for messages. */
    public static String format(long ns) {
        if (ns >= 120_000_000_000L) {
            return String.format("%.1f min", ns / 60e9);
        }
        if (ns >= 1_000_000_000L) {
            return String.format("%.1f s", ns / 1e9);
        }
        return String.format("%.0f ms", ns / 1e6);
    }
}
