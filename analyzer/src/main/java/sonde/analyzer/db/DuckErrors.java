package sonde.analyzer.db;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UserError;

/**
 * Turns DuckDB's multi-line errors into sonde's one line. DuckDB names a file it cannot read
 * in single quotes ("No magic bytes found at end of file '/d/disk_io/…/r1-0.parquet'"), or in
 * double ones (Could not read enough bytes from file "…"); such an error is about the data,
 * not the query, and says which file to move aside.
 */
final class DuckErrors {
    private static final Pattern PARQUET_FILE = Pattern.compile("\\s*(?:'([^']*\\.parquet)'|\"([^\"]*\\.parquet)\")");
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
            String problem = clean(ERROR_CLASS.matcher(line.substring(0, m.start()) + line.substring(m.end())).replaceFirst("").trim());
            return new UserError("failed to read " + shown(file(m), dir) + ": " + lowerFirst(problem),
                    "the file is damaged (was the recorder killed while writing it?); move it out of " + dir + " and run again", e);
        }
        return new UserError(what + " failed: " + clean(line), hint, e);
    }

    /** The message without exception class names (Thrift's "TProtocolException: "), which mean nothing to a user. */
    static String clean(String line) {
        return Reasons.clean(line);
    }

    /** What DuckDB says is wrong with a file, without the file's name: "no magic bytes found at end of file". */
    static String problem(SQLException e) {
        String line = firstLine(e);
        Matcher m = PARQUET_FILE.matcher(line);
        String rest = m.find() ? line.substring(0, m.start()) + line.substring(m.end()) : line;
        return lowerFirst(clean(ERROR_CLASS.matcher(rest).replaceFirst("").trim()));
    }

    /** Whether DuckDB's message names the Parquet file it failed on. */
    static boolean namesAFile(SQLException e) {
        return PARQUET_FILE.matcher(firstLine(e)).find();
    }

    /**
     * Whether a failure may come from the bytes of a file rather than from the query: DuckDB's
     * errors about the query itself are Parser, Catalog, Binder and the like; a page overwritten
     * in the middle of a file gives an IO, Invalid Input or Internal error, or Thrift's own
     * ("TProtocolException: Invalid data"), without the file's name.
     */
    static boolean mayBeData(SQLException e) {
        String line = firstLine(e);
        return line.startsWith("IO Error") || line.startsWith("Invalid Input Error") || line.startsWith("INTERNAL Error")
                || line.startsWith("Invalid Error") || line.contains("Exception") || line.contains("Corrupt")
                || line.contains("corrupt") || line.contains("decompress");
    }

    /** The file the pattern found, in single quotes (most messages) or double ones (a short read). */
    private static String file(Matcher m) {
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    static String firstLine(SQLException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        msg = msg.strip();
        int nl = msg.indexOf('\n');
        return (nl < 0 ? msg : msg.substring(0, nl)).strip();
    }

    static String shown(String file, Path dir) {
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
