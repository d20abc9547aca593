package sonde.analyzer.out;

import java.util.Locale;
import sonde.recorder.cli.UsageException;

/** How a command prints rows: an aligned table for people, JSON or CSV for scripts. */
public enum Format {
    TEXT, JSON, CSV;

    /** The value of a --format option; null means text. */
    public static Format parse(String value) {
        if (value == null) {
            return TEXT;
        }
        for (Format f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(value)) {
                return f;
            }
        }
        throw new UsageException("bad --format '" + value + "': expected text, json or csv");
    }
}
