package sonde.analyzer.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import sonde.analyzer.out.TextTable;

/**
 * The text shape of sonde top, after biotop(8): the recording window line, then one table
 * (or one per interval, under its start time) of PID COMM D DEVICE I/O KBYTES AVGms, or
 * DEVICE D I/O KBYTES AVGms with --by device; KBYTES = bytes / 1024, AVGms the average device
 * latency in ms ("-" when nothing completed), VIA "writeback" for writes a kernel flusher did for
 * the process. Footers count requests that never completed, and those left out of AVGms because
 * they were open while the kernel lost events.
 */
public final class TopText {
    private TopText() {
    }

    public static void print(List<TopRow> rows, boolean byDevice, RecordingWindow window, PrintStream out) {
        out.println(window.headerLine());
        out.println();
        if (rows.isEmpty()) {
            out.println("no disk I/O recorded");
        }
        int i = 0;
        while (i < rows.size()) {
            String interval = rows.get(i).intervalStart();
            if (interval != null) {
                out.println((i == 0 ? "" : "\n") + interval);
            }
            TextTable table = table(byDevice);
            for (; i < rows.size() && Objects.equals(rows.get(i).intervalStart(), interval); i++) {
                table.add(cells(rows.get(i), byDevice));
            }
            table.print(out);
        }
        if (window.incomplete() > 0) {
            long n = window.incomplete();
            out.println();
            out.println(n + (n == 1 ? " request" : " requests") + " not completed (in flight when recording"
                    + " ended, or completion lost): counted in I/O, not in AVGms");
        }
        String leftOut = RecordingWindow.leftOutLine(rows.stream().mapToLong(TopRow::latencyLeftOut).sum(), Layer.DISK,
                "AVGms of the rows shown (counted in I/O)");
        if (leftOut != null) {
            out.println();
            out.println(leftOut);
        }
    }

    private static TextTable table(boolean byDevice) {
        if (byDevice) {
            return new TextTable(List.of("DEVICE", "D", "I/O", "KBYTES", "AVGms"),
                    new boolean[] {false, false, true, true, true});
        }
        return new TextTable(List.of("PID", "COMM", "D", "DEVICE", "I/O", "KBYTES", "AVGms", "VIA"),
                new boolean[] {true, false, false, false, true, true, true, false});
    }

    private static String[] cells(TopRow r, boolean byDevice) {
        String ios = Long.toString(r.ios());
        String kbytes = Long.toString(r.bytes() / 1024);
        String avgMs = r.avgLatencyNs() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.avgLatencyNs() / 1e6);
        if (byDevice) {
            return new String[] {r.device(), r.op(), ios, kbytes, avgMs};
        }
        return new String[] {String.valueOf(r.pid()), r.comm(), r.op(), r.device(), ios, kbytes, avgMs,
            r.writeback() ? "writeback" : ""};
    }
}
