package sonde.analyzer.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import sonde.analyzer.db.Dataset;

/**
 * File system bytes whose file sonde could not tell: calls on a descriptor it could not resolve
 * (file_kind unknown: cache.sql leaves them out) and calls on a file it knows only by inode (no
 * path). Either happens when a process exits before its descriptors are looked up and the file
 * was not opened while recording. Said under the cache table, so that "VFS bytes" is never
 * smaller than what was done without a word.
 */
public final class UnnamedFiles {
    static final String SQL = "SELECT count(*) FILTER (WHERE file_kind = 'unknown'),"
            + " coalesce(sum(bytes) FILTER (WHERE file_kind = 'unknown'), 0),"
            + " count(*) FILTER (WHERE file_kind = 'file' AND path IS NULL),"
            + " coalesce(sum(bytes) FILTER (WHERE file_kind = 'file' AND path IS NULL), 0)"
            + " FROM vfs_io WHERE bytes > 0"
            + " AND (getvariable('pid') IS NULL OR pid = getvariable('pid'))"
            + " AND (getvariable('comm') IS NULL OR comm = getvariable('comm'))";

    private UnnamedFiles() {
    }

    /** The line, or null when every call's file is known (the pid and comm variables narrow it). */
    public static String line(Dataset ds) {
        long[] v = ds.query("unnamed files", SQL, rs -> {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
        });
        List<String> parts = new ArrayList<>();
        if (v[0] > 0) {
            parts.add(size(v[1]) + " in " + calls(v[0]) + " on descriptors sonde could not resolve (files, pipes or devices of processes gone before they were looked up; left out above)");
        }
        if (v[2] > 0) {
            parts.add(size(v[3]) + " in " + calls(v[2]) + " on files known only by inode (no path; counted above)");
        }
        return parts.isEmpty() ? null : "file system I/O of unknown files: " + String.join("; ", parts);
    }

    private static String calls(long n) {
        return String.format(Locale.ROOT, "%,d", n) + (n == 1 ? " call" : " calls");
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
