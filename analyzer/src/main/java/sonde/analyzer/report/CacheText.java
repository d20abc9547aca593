package sonde.analyzer.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import sonde.analyzer.out.TextTable;

/**
 * The text shape of sonde cache, after vfs.d: per process, file system reads and writes next
 * to disk reads and writes (KiB), and the share of reads the page cache absorbed.
 */
public final class CacheText {
    private CacheText() {
    }

    public static void print(List<CacheRow> rows, RecordingWindow window, PrintStream out) {
        out.println(window.headerLine());
        out.println();
        if (rows.isEmpty()) {
            out.println("no file or disk I/O recorded");
            return;
        }
        TextTable t = new TextTable(List.of("PID", "COMM", "VFS_READ_KB", "DISK_READ_KB", "CACHED%", "VFS_WRITE_KB",
                "DISK_WRITE_KB"), new boolean[] {true, false, true, true, true, true, true});
        for (CacheRow r : rows) {
            Double pct = r.readAbsorbedPct();
            t.add(new String[] {String.valueOf(r.pid()), r.comm(), kb(r.vfsReadBytes()), kb(r.diskReadBytes()),
                pct == null ? "-" : String.format(Locale.ROOT, "%.1f", pct), kb(r.vfsWriteBytes()),
                kb(r.diskWriteBytes())});
        }
        t.print(out);
    }

    private static String kb(long bytes) {
        return Long.toString(bytes / 1024);
    }
}
