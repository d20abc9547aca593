package sonde.analyzer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.out.OutputFile;
import sonde.analyzer.db.SqlFiles;
import sonde.analyzer.export.Pprof;
import sonde.analyzer.export.Speedscope;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Cli;
import sonde.recorder.cli.CommandSpec;
import sonde.recorder.cli.Opt;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.TerminalText;
import sonde.recorder.cli.UsageException;
import sonde.recorder.cli.UserError;

/**
 * sonde export pprof|speedscope: the recorded CPU samples for other profile viewers: pprof
 * (go tool pprof, Pyroscope, Grafana) and speedscope (speedscope.app). One converter class per
 * format in sonde.analyzer.export; filters reach their SQL as bound variables, as in flame.
 */
public final class ExportCommand {
    static final CommandSpec SPEC = new CommandSpec("export",
            "Export the recorded CPU stack samples as a pprof profile or a speedscope file.",
            "pprof|speedscope DIR [-o FILE] [-p PID] [-c COMM] [--from T --to T] [--no-idle]",
            List.of(Opt.value("output", 'o', "FILE", "where to write (default profile.pb.gz, or profile.speedscope.json, also in a directory -o names; - for stdout)"),
                    Opt.value("pid", 'p', "PID", "only this process id"),
                    Opt.value("comm", 'c', "COMM", "only this command name (the kernel's 15-byte name: a longer COMM is cut as the kernel cuts it, at a whole UTF-8 character)"),
                    Opt.value("from", "T", "only samples from T: ISO-8601 UTC (2026-11-27T10:00:05Z) or +5s from the start"),
                    Opt.value("to", "T", "only samples before T (same forms as --from)"),
                    Opt.flag("no-idle", "leave out idle CPUs (the swapper task, pid 0)"),
                    Opt.flag("print-sql", "print the format's query and exit: " + SqlFiles.path("export_stacks.sql")
                            + " (pprof), " + SqlFiles.path("export_samples.sql") + " (speedscope)")),
            List.of("sonde export pprof ./sonde-data -o cpu.pb.gz", "then: go tool pprof -http=: cpu.pb.gz",
                    "sonde export speedscope ./sonde-data -p 1234 -o pg.json", "one process, for speedscope.app",
                    "sonde export pprof d --from +10s --to +20s -o slice.pb.gz", "ten seconds of the recording"));

    private ExportCommand() {
    }

    public static int run(String[] argv) {
        return Cli.run(SPEC, argv, ExportCommand::body);
    }

    private static int body(Args a) throws IOException {
        if (a.positionals().isEmpty()) {
            throw new UsageException("missing the format (pprof or speedscope)");
        }
        String format = a.positionals().get(0);
        if (!format.equals("pprof") && !format.equals("speedscope")) {
            throw new UsageException("unknown format '" + format + "': pprof or speedscope");
        }
        if (a.has("print-sql")) {
            System.out.print(SqlFiles.load(format.equals("pprof") ? "export_stacks.sql" : "export_samples.sql"));
            return 0;
        }
        if (a.positionals().size() < 2) {
            throw new UsageException("missing DIR (the directory a recording was written to)");
        }
        a.atMostPositionals(2);
        Path dir = Inputs.path("DIR", a.positionals().get(1));
        String output = Output.target(a, format.equals("pprof") ? "profile.pb.gz" : "profile.speedscope.json");
        Integer pid = a.has("pid") ? a.intValue("pid", 0, 0, Integer.MAX_VALUE) : null;
        TimeWindow window = TimeWindow.of(a);
        try (Dataset ds = Dataset.open(dir)) {
            ds.set("pid", pid);
            ds.set("comm", Inputs.comm(a));
            window.bind(ds);
            ds.set("no_idle", a.has("no-idle") ? Boolean.TRUE : null);
            String written = write(format, ds, dir, output);
            if (!output.equals("-")) {
                System.err.println("wrote " + TerminalText.escape(output) + ": " + written);
            }
        }
        return 0;
    }

    /** Writes the file (left out if writing fails); returns what it holds, for the user. */
    private static String write(String format, Dataset ds, Path dir, String output) {
        try {
            return OutputFile.write(output, out -> write(format, ds, dir, out));
        } catch (IOException e) {
            throw new UserError("cannot write " + output + ": " + Reasons.of(e), null, e);
        }
    }

    private static String write(String format, Dataset ds, Path dir, OutputStream out) throws IOException {
        if (format.equals("pprof")) {
            Pprof.Summary s = Pprof.write(ds, List.of("sonde " + Main.version() + " export pprof " + dir), out);
            return s.samples() + " samples, " + s.stacks() + " stacks, " + s.functions() + " functions";
        }
        String name = dir.toAbsolutePath().normalize().getFileName() + "";
        Speedscope.Summary s = Speedscope.write(ds, name, "sonde@" + Main.version(), out);
        String what = s.timeline() ? (s.profiles() == 1 ? " thread" : " threads") + " on one timeline, "
                : s.profiles() == 1 ? " process, " : " processes, ";
        return s.samples() + " samples, " + s.profiles() + what + s.frames() + " frames";
    }
}
