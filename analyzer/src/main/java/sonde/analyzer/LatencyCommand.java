package sonde.analyzer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.db.SqlFiles;
import sonde.analyzer.out.Format;
import sonde.analyzer.report.LatencyExport;
import sonde.analyzer.report.LatencyGroup;
import sonde.analyzer.report.LatencyText;
import sonde.analyzer.report.LatencyUnit;
import sonde.analyzer.report.Layer;
import sonde.analyzer.report.RecordingWindow;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Cli;
import sonde.recorder.cli.CommandSpec;
import sonde.recorder.cli.Opt;

/**
 * sonde latency: how slow are reads and writes, and is it the disk or the file system? Latency
 * distributions as power-of-two (or linear) histograms with exact percentiles: block-layer
 * latency (block_rq_issue to block_rq_complete, recorded in disk_io) or system-call latency
 * (read/write entry to exit, recorded in vfs_io), optionally per device, op, file system type,
 * process or syscall. Based on biolatency(8) from BCC by Brendan Gregg, and its VFS cousins
 * (ext4dist, vfsstat).
 *
 * <p>The numbers come from latency.sql; the options reach it as bound DuckDB variables, never
 * as SQL text.
 */
public final class LatencyCommand {
    static final String SQL = "latency.sql";

    static final CommandSpec SPEC = new CommandSpec("latency",
            "How slow is I/O: latency histograms and percentiles at the disk or at the system call, like biolatency.",
            "DIR [--layer disk|vfs] [--by device|op|fstype|process|syscall] [--linear STEP] [--unit ns|us|ms]"
                    + " [-p PID] [-c COMM] [--from T] [--to T] [--format text|json|csv]",
            List.of(Opt.value("layer", "LAYER", "disk (default): block device latency, issue to completion; vfs: read/write system calls, entry to exit"),
                    Opt.value("by", "WHAT", "one histogram per device, op, fstype (vfs), process (pid and comm) or syscall (vfs); default one for all"),
                    Opt.value("linear", "STEP", "linear buckets STEP units wide instead of power-of-two buckets"),
                    Opt.value("unit", "UNIT", "histogram unit: ns, us (default) or ms; values are divided down, as biolatency -m does"),
                    Opt.value("pid", 'p', "PID", "only I/O of this process id"),
                    Opt.value("comm", 'c', "COMM", "only I/O of tasks with this command name (the kernel's 15-byte name: a longer COMM is cut as the kernel cuts it, at a whole UTF-8 character)"),
                    Opt.value("from", "T", "only I/O that started at or after T: a UTC time (2026-11-27T10:00:05Z) or an offset from the recording start (+5s)"),
                    Opt.value("to", "T", "only I/O that started before T (same forms as --from)"),
                    Opt.value("format", "FMT", "text (default), json ({layer, unit, groups: [{key, count, p50_ns, p90_ns, p99_ns, p999_ns, max_ns, buckets: [{lo_ns, hi_ns, count}]}], left_out}) or csv (group,lo_ns,hi_ns,count);"
                            + " rows open while the kernel lost events (pairing_uncertain) are left out, and counted: left_out, or a line after the histograms"),
                    Opt.flag("print-sql", "print the query and exit: " + SqlFiles.path(SQL))),
            List.of("sonde latency ./sonde-data", "block I/O latency histogram in microseconds",
                    "sonde latency ./sonde-data --by device --unit ms", "one histogram per disk, in milliseconds",
                    "sonde latency ./sonde-data --layer vfs --by fstype", "read/write syscall latency per file system",
                    "sonde latency ./sonde-data --linear 100 -c postgres", "postgres's I/O in 100 us buckets",
                    "sonde latency ./sonde-data --from +5s --to +10s", "only seconds 5 to 10 of the recording",
                    "sonde latency ./sonde-data --format json", "buckets and percentiles in ns, for a script"));

    private LatencyCommand() {
    }

    public static int run(String[] argv) {
        return Cli.run(SPEC, argv, LatencyCommand::body);
    }

    private static int body(Args a) {
        a.atMostPositionals(1);
        Layer layer = Layer.parse(a.get("layer"));
        String by = layer.checkGrouping(a.get("by"));
        LatencyUnit unit = LatencyUnit.parse(a.get("unit"));
        Long step = a.has("linear") ? (long) a.intValue("linear", 0, 1, Integer.MAX_VALUE) : null;
        Integer pid = a.has("pid") ? a.intValue("pid", 0, 0, Integer.MAX_VALUE) : null;
        TimeWindow window = TimeWindow.of(a);
        Format format = Format.parse(a.get("format"));
        PrintStream out = System.out;
        if (a.has("print-sql")) {
            out.print(SqlFiles.load(SQL));
            return 0;
        }
        Path dir = Inputs.dir(a);
        try (Dataset ds = Dataset.open(dir)) {
            ds.set("layer", layer.word());
            ds.set("latency_by", by);
            ds.set("unit", unit.label());
            ds.set("linear_step", step);
            ds.set("pid", pid);
            ds.set("comm", Inputs.comm(a));
            window.bind(ds);
            RecordingWindow recording = RecordingWindow.read(ds);
            List<LatencyGroup> groups = ds.query(SQL, SqlFiles.load(SQL), LatencyGroup::readAll);
            switch (format) {
                case TEXT -> LatencyText.print(groups, layer, by, unit, step, recording,
                        footer(layer, recording, window.given()), out);
                case JSON -> LatencyExport.json(groups, layer, unit, recording.latencyLeftOut(layer), out);
                case CSV -> LatencyExport.csv(groups, out);
            }
            if (format != Format.TEXT && recording.warning() != null) {
                System.err.println("sonde latency: warning: " + recording.warning());
            }
            if (format == Format.CSV && recording.latencyLeftOutLine(layer) != null) {
                System.err.println("sonde latency: warning: " + recording.latencyLeftOutLine(layer));
            }
        }
        out.flush();
        return 0;
    }

    /** The closing lines: requests never completed, and rows left out for a loss; null for none. */
    private static String footer(Layer layer, RecordingWindow window, boolean timeWindow) {
        List<String> lines = new java.util.ArrayList<>();
        long n = window.incomplete();
        if (layer == Layer.DISK && !timeWindow && n > 0) {
            lines.add(n + (n == 1 ? " request" : " requests") + " not completed (in flight when recording ended,"
                    + " or completion lost): not in the histogram");
        }
        if (window.latencyLeftOutLine(layer) != null) {
            lines.add(window.latencyLeftOutLine(layer));
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }
}
