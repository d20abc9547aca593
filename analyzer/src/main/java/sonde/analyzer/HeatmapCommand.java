package sonde.analyzer;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.db.SqlFiles;
import sonde.analyzer.out.OutputFile;
import sonde.analyzer.report.HeatmapCells;
import sonde.analyzer.report.HeatmapGrid;
import sonde.analyzer.report.HeatmapSvg;
import sonde.analyzer.report.HeatmapText;
import sonde.analyzer.report.Layer;
import sonde.analyzer.report.RecordingWindow;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Cli;
import sonde.recorder.cli.CommandSpec;
import sonde.recorder.cli.Opt;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.TerminalText;
import sonde.recorder.cli.UserError;

/**
 * sonde heatmap: a latency heat map as an SVG file, after Brendan Gregg's latency heat maps
 * ("Visualizing System Latency", ACM Queue, 2010): time across, power-of-two latency buckets
 * up, colour for how many I/Os completed in each cell, a tooltip per cell. Shows what a
 * histogram hides: latency that changes over time, bimodal disks, outliers and when they
 * happened. Block-layer latency (disk_io) or system-call latency (vfs_io).
 *
 * <p>The cells come from heatmap.sql (bound variables layer, pid, comm, heatmap_cols); the
 * picture from the template heatmap.svg.tmpl.
 */
public final class HeatmapCommand {
    static final String SQL = "heatmap.sql";

    static final CommandSpec SPEC = new CommandSpec("heatmap",
            "Latency heat map as SVG: time across, latency up, colour for the number of I/Os, like Brendan Gregg's.",
            "DIR [--layer disk|vfs] [-o FILE] [--rows N] [--cols N] [-p PID] [-c COMM]",
            List.of(Opt.value("layer", "LAYER", "disk (default): block device latency at completion; vfs: read/write system calls at exit"),
                    Opt.value("output", 'o', "FILE", "write the SVG to FILE (default latency.svg, also in a directory -o names); - for standard output"),
                    Opt.value("rows", "N", "latency rows (power-of-two buckets) down from the slowest; the lowest then holds all below; default all that hold I/O"),
                    Opt.value("cols", "N", "at most N time slices across the recording (default 60): each a round width"
                            + " (1, 2 or 5 times a power of ten up to 0.5 s; 1, 2, 5, 10, 15, 30 s or min; hours; days)"
                            + " starting at a multiple of it on the UTC clock, as iostat and sar intervals do"),
                    Opt.value("pid", 'p', "PID", "only I/O of this process id"),
                    Opt.value("comm", 'c', "COMM", "only I/O of tasks with this command name (the kernel's 15-byte name: a longer COMM is cut as the kernel cuts it, at a whole UTF-8 character)"),
                    Opt.flag("print-sql", "print the query and exit: " + SqlFiles.path(SQL))),
            List.of("sonde heatmap ./sonde-data", "disk latency over time, to latency.svg",
                    "sonde heatmap ./sonde-data --layer vfs -o vfs.svg", "read/write syscall latency",
                    "sonde heatmap ./sonde-data --cols 200 -c postgres", "postgres's I/O in finer time slices",
                    "sonde heatmap ./sonde-data -o - > map.svg", "the SVG on standard output"));

    private HeatmapCommand() {
    }

    public static int run(String[] argv) {
        return Cli.run(SPEC, argv, HeatmapCommand::body);
    }

    private static int body(Args a) {
        a.atMostPositionals(1);
        Layer layer = Layer.parse(a.get("layer"));
        Integer rows = a.has("rows") ? a.intValue("rows", 0, 1, 63) : null;
        int cols = a.intValue("cols", 60, 1, 10_000);
        Integer pid = a.has("pid") ? a.intValue("pid", 0, 0, Integer.MAX_VALUE) : null;
        if (a.has("print-sql")) {
            System.out.print(SqlFiles.load(SQL));
            return 0;
        }
        String output = Output.target(a, "latency.svg");
        Path dir = Inputs.dir(a);
        HeatmapGrid grid;
        HeatmapSvg.Texts texts;
        RecordingWindow window;
        try (Dataset ds = Dataset.open(dir)) {
            ds.set("layer", layer.word());
            ds.set("pid", pid);
            ds.set("comm", Inputs.comm(a));
            ds.set("heatmap_cols", cols);
            window = RecordingWindow.read(ds);
            HeatmapCells cells = ds.query(SQL, SqlFiles.load(SQL), HeatmapCells::readAll);
            grid = cells == null ? null : HeatmapGrid.of(cells, rows);
            texts = HeatmapText.of(layer, window, grid, pid, Inputs.comm(a));
        }
        write(grid, texts, output);
        if (!output.equals("-")) {
            long total = grid == null ? 0 : grid.cells().total();
            // on stderr, as every command says what it wrote: stdout is for data (-o - is the SVG)
            System.err.println("wrote " + TerminalText.escape(output) + ": " + total + (total == 1 ? " I/O" : " I/Os") + " from " + TerminalText.escape(dir.toString()));
        }
        if (window.latencyLeftOutLine(layer) != null) {
            System.err.println("sonde heatmap: note: " + window.latencyLeftOutLine(layer));
        }
        if (window.warning() != null) {
            System.err.println("sonde heatmap: warning: " + window.warning());
        }
        return 0;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return Reasons.of(e);
    }

    private static void write(HeatmapGrid grid, HeatmapSvg.Texts texts, String output) {
        try {
            OutputFile.writeText(output, w -> HeatmapSvg.write(grid, texts, w));
        } catch (IOException e) {
            throw new UserError("cannot write " + output + ": " + reason(e), "choose another file with -o FILE", e);
        }
    }
}
