package sonde.analyzer.db;

import java.nio.file.Path;

/**
 * A file in a recording directory that the views leave out, and why in a few words ("a
 * directory, not a file", "empty (0 bytes)", "a cpu_sample file, not disk_io"). Reported as a
 * warning on standard error, never on standard output, so CSV and JSON output stay valid.
 */
public record OddFile(Path file, String why) {
}
