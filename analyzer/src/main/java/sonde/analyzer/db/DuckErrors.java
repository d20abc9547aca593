package sonde.analyzer.db;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sonde.recorder.cli.UserError;

/**
 * Turns DuckDB's multi-line errors into sonde's one line. DuckDB names a file it cannot read
 * in single quotes ("No magic bytes found at end of file '/d/disk_io/…/r1-0.parquet'"); such an
 * error is about the data, not the query, and says which file to move aside.
 */
final class DuckErrors {
    private static final Pattern PARQUET_FILE = Pattern.compile("\\s*'([^']*\\.parquet)'");
    private static final Pattern ERROR_CLASS = Pattern.compile("^(Invalid Input|IO) Error: ");

    private DuckErrors() {
    }

    /**
     * @param what names the step ("query", "top.sql", "creating view disk_io")
     * @param dir  the recording directory, to show file names relative to it
     */
    static UserError translate(SQLException e, String what, Path dir, String hint) {
        String line = firstLine(e);
        Matcher m = PARQUET_FILE.matcher(line);
        if (m.find()) {
            String problem = ERROR_CLASS.matcher(line.substring(0, m.start()) + line.substring(m.end())).replaceFirst("").trim();
            return new UserError("failed to read " + shown(m.group(1), dir) + ": " + lowerFirst(problem),
                    "the file is damaged (was the recorder killed while writing it?); move it out of " + dir + " and run again", e);
        }
        return new UserError(what + " failed: " + line, hint, e);
    }

    static String firstLine(SQLException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        msg = msg.strip();
        int nl = msg.indexOf('\n');
        return (nl < 0 ? msg : msg.substring(0, nl)).strip();
    }

    private static String shown(String file, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path f = Path.of(file).toAbsolutePath().normalize();
        return f.startsWith(abs) ? dir.resolve(abs.relativize(f)).toString() : file;
    }

    private static String lowerFirst(String s) {
        if (s.isEmpty()) {
            return "unreadable parquet file";
        }
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
