package sonde.analyzer;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.db.SqlFiles;
import sonde.analyzer.flame.FlameGraph;
import sonde.analyzer.flame.FoldedStacks;
import sonde.analyzer.out.OutputFile;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Cli;
import sonde.recorder.cli.CommandSpec;
import sonde.recorder.cli.Opt;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.TerminalText;
import sonde.recorder.cli.UserError;

/**
 * sonde flame: where the CPU time went, as a flame graph (Brendan Gregg's FlameGraph) of the
 * recorded cpu_sample stacks, or their folded text. The folding is flame.sql; filters reach it
 * as bound variables. --diff draws a differential flame graph against a second recording.
 */
public final class FlameCommand {
    static final String SQL = "flame.sql";

    static final CommandSpec SPEC = new CommandSpec("flame",
            "Where CPU time went: a flame graph (SVG) of the recorded stack samples, or their folded stacks.",
            "DIR [-o out.svg] [--folded] [-p PID] [-c COMM] [--from T --to T] [--diff DIR2] [--inverted] [--title T]",
            List.of(Opt.value("output", 'o', "FILE", "where the SVG goes (default flame.svg, also in a directory -o names; - for stdout)"),
                    Opt.flag("folded", "print folded stacks (stack;frames count) instead of an SVG"),
                    Opt.value("pid", 'p', "PID", "only this process id"),
                    Opt.value("comm", 'c', "COMM", "only this command name (the kernel's 15-byte name: a longer COMM is cut as the kernel cuts it, at a whole UTF-8 character)"),
                    Opt.value("from", "T", "only samples from T: ISO-8601 UTC (2026-11-27T10:00:05Z) or +5s from the start"),
                    Opt.value("to", "T", "only samples before T (same forms as --from)"),
                    Opt.flag("no-idle", "leave out idle CPUs (the swapper task, pid 0)"),
                    Opt.value("diff", "DIR2", "differential graph: widths from DIR, red where DIR grew over DIR2, blue where it shrank"),
                    Opt.flag("inverted", "icicle graph: roots at the top"),
                    Opt.value("title", "TEXT", "title (default: Flame Graph, or Differential Flame Graph)"),
                    Opt.value("width", "PX", "image width in pixels (default 1200)"),
                    Opt.flag("print-sql", "print the query and exit: " + SqlFiles.path(SQL))),
            List.of("sonde flame ./sonde-data", "flame.svg of every CPU sample",
                    "sonde flame ./sonde-data -p 1234 -o pg.svg", "one process",
                    "sonde flame ./sonde-data --folded > out.folded", "folded stacks for other tools",
                    "sonde flame after/ --diff before/ -o diff.svg", "what changed between two recordings"));

    private FlameCommand() {
    }

    public static int run(String[] argv) {
        return Cli.run(SPEC, argv, FlameCommand::body);
    }

    private static int body(Args a) throws IOException {
        a.atMostPositionals(1);
        PrintStream out = System.out;
        if (a.has("print-sql")) {
            out.print(SqlFiles.load(SQL));
            return 0;
        }
        Path dir = Inputs.dir(a);
        TimeWindow window = TimeWindow.of(a);
        SortedMap<String, Long> folded = fold(dir, a, window);
        if (a.has("folded")) {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            FoldedStacks.write(folded, w);
            w.flush();
            return 0;
        }
        FlameGraph.Builder b = FlameGraph.builder().width(a.intValue("width", 1200, 100, 100_000))
                .inverted(a.has("inverted"));
        String output = Output.target(a, "flame.svg");
        SortedMap<String, Long> before = a.has("diff") ? fold(Path.of(a.get("diff")), a, window) : null;
        FlameGraph graph = b.title(a.get("title", before != null ? "Differential Flame Graph" : "Flame Graph")).build();
        try {
            OutputFile.writeText(output, w -> render(graph, before, folded, w));
        } catch (IOException e) {
            throw new UserError("cannot write " + output + ": " + Reasons.of(e));
        }
        if (!output.equals("-")) {
            System.err.println("wrote " + TerminalText.escape(output) + " (" + FoldedStacks.total(folded) + " samples)");
        }
        return 0;
    }

    private static SortedMap<String, Long> fold(Path dir, Args a, TimeWindow window) {
        SortedMap<String, Long> folded = new TreeMap<>(FoldedStacks.ORDER);
        try (Dataset ds = Dataset.open(dir)) {
            ds.set("pid", a.has("pid") ? a.intValue("pid", 0, 0, Integer.MAX_VALUE) : null);
            ds.set("comm", Inputs.comm(a));
            window.bind(ds);
            ds.set("no_idle", a.has("no-idle") ? Boolean.TRUE : null);
            ds.query(SQL, SqlFiles.load(SQL), rs -> {
                while (rs.next()) {
                    folded.merge(rs.getString(1), rs.getLong(2), Long::sum);
                }
                return null;
            });
        }
        return folded;
    }

    private static void render(FlameGraph graph, SortedMap<String, Long> before, SortedMap<String, Long> after, Writer w)
            throws IOException {
        if (before != null) {
            graph.renderDiff(before, after, w);
        } else {
            graph.render(after, w);
        }
    }
}
