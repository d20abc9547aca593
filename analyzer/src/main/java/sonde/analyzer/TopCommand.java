package sonde.analyzer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.db.SqlFiles;
import sonde.analyzer.out.Format;
import sonde.analyzer.out.ResultPrinter;
import sonde.analyzer.report.RecordingWindow;
import sonde.analyzer.report.TopRow;
import sonde.analyzer.report.TopText;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Cli;
import sonde.recorder.cli.CommandSpec;
import sonde.recorder.cli.Opt;
import sonde.recorder.cli.UsageException;

/**
 * sonde top: who is using my disk? Block-layer I/O (block:block_io_start, block_rq_issue,
 * block_rq_complete, recorded in disk_io) per process or per device, busiest first, over the
 * whole recording or per interval. Based on biotop(8) from BCC by Brendan Gregg, itself after
 * iotop; unlike a VFS-level "disk top", it counts what reached the device.
 *
 * <p>The numbers come from top.sql or top_interval.sql; the options reach them as bound DuckDB
 * variables (top_by, pid, comm, top_n, interval_ns), never as SQL text.
 */
public final class TopCommand {
    static final String TOTALS_SQL = "top.sql";
    static final String INTERVAL_SQL = "top_interval.sql";

    static final CommandSpec SPEC = new CommandSpec("top",
            "Who is using my disk: block-layer I/O per process or device, busiest first, like biotop.",
            "DIR [--by process|device] [--interval DUR] [-n N] [-p PID] [-c COMM] [--format text|json|csv]",
            List.of(Opt.value("by", "WHAT", "process (default): rows per pid, comm, device and op; device: per device and op"),
                    Opt.value("interval", "DUR", "one table per interval of DUR (e.g. 5s) instead of whole-recording totals;"
                            + " intervals start at whole multiples of DUR on the UTC clock (1s: on the second), as iostat and sar line theirs up"),
                    Opt.value("rows", 'n', "N", "show the N busiest rows (per interval with --interval); default 10"),
                    Opt.value("pid", 'p', "PID", "only I/O submitted by this process id"),
                    Opt.value("comm", 'c', "COMM", "only I/O submitted by tasks with this command name (the kernel's 15-byte name: a longer COMM is cut as the kernel cuts it, at a whole UTF-8 character)"),
                    Opt.value("format", "FMT", "text (default), json or csv; json keys: [interval_start,] pid, comm, device, op, ios, bytes, avg_latency_ns, writeback, latency_left_out"
                            + " (requests open while the kernel lost events, left out of avg_latency_ns)"),
                    Opt.flag("print-sql", "print the query and exit: " + SqlFiles.path(TOTALS_SQL)
                            + ", or " + INTERVAL_SQL + " with --interval")),
            List.of("sonde top ./sonde-data", "busiest processes over the whole recording",
                    "sonde top ./sonde-data --by device", "busiest devices",
                    "sonde top ./sonde-data --interval 5s -n 5", "the top 5 of every 5 seconds",
                    "sonde top ./sonde-data -c postgres --format json", "what postgres did, for a script",
                    "sonde top --print-sql > top.sql", "the query, to read, change and run with sonde sql --file"));

    private TopCommand() {
    }

    public static int run(String[] argv) {
        return Cli.run(SPEC, argv, TopCommand::body);
    }

    private static int body(Args a) {
        a.atMostPositionals(1);
        String by = a.get("by", "process");
        if (!by.equals("process") && !by.equals("device")) {
            throw new UsageException("bad --by '" + by + "': expected process or device");
        }
        Long intervalNs = a.has("interval") ? a.durationNs("interval", 0) : null;
        int rows = a.intValue("rows", 10, 1, 1_000_000);
        Integer pid = a.has("pid") ? a.intValue("pid", 0, 0, Integer.MAX_VALUE) : null;
        Format format = Format.parse(a.get("format"));
        String sqlName = intervalNs == null ? TOTALS_SQL : INTERVAL_SQL;
        PrintStream out = System.out;
        if (a.has("print-sql")) {
            out.print(SqlFiles.load(sqlName));
            return 0;
        }
        Path dir = Inputs.dir(a);
        try (Dataset ds = Dataset.open(dir)) {
            ds.set("top_by", by);
            ds.set("pid", pid);
            ds.set("comm", Inputs.comm(a));
            ds.set("top_n", rows);
            ds.set("interval_ns", intervalNs);
            RecordingWindow window = RecordingWindow.read(ds);
            String sql = SqlFiles.load(sqlName);
            if (format == Format.TEXT) {
                TopText.print(ds.query(sqlName, sql, TopRow::readAll), by.equals("device"), window, out);
            } else {
                ds.query(sqlName, sql, rs -> ResultPrinter.print(rs, format, out));
                if (window.warning() != null) {
                    System.err.println("sonde top: warning: " + window.warning());
                }
            }
        }
        out.flush();
        return 0;
    }
}
