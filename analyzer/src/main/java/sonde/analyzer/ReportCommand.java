package sonde.analyzer;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.html.Report;
import sonde.analyzer.out.OutputFile;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Cli;
import sonde.recorder.cli.CommandSpec;
import sonde.recorder.cli.Opt;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.TerminalText;
import sonde.recorder.cli.UserError;

/**
 * sonde report: the page people read and share after an incident: one self-contained HTML
 * file (opens from disk, mails as an attachment) with every canned report and its SQL.
 */
public final class ReportCommand {
    static final CommandSpec SPEC = new CommandSpec("report",
            "Write one self-contained HTML page with every report of a recording: disk users, cache, latency, heat map, flame graph.",
            "DIR [-o report.html]",
            List.of(Opt.value("output", 'o', "FILE", "where the page goes (default report.html; a directory, or a name ending in /: report.html in it)")),
            List.of("sonde report ./sonde-data", "report.html in the current directory",
                    "sonde report /var/tmp/incident -o incident.html", "to mail or attach to a ticket"));

    private ReportCommand() {
    }

    public static int run(String[] argv) {
        return Cli.run(SPEC, argv, ReportCommand::body);
    }

    private static int body(Args a) throws IOException {
        a.atMostPositionals(1);
        Path dir = Inputs.dir(a);
        Path output = Path.of(Output.target(a, "report.html"));
        long start = System.nanoTime();
        Progress progress = new Progress("report");
        // the output's directory is checked (by creating the file) before the recording is opened
        try (OutputFile file = OutputFile.create(output); Dataset ds = Dataset.open(dir)) {
            Writer w = file.writer();
            Report.write(ds, dir.toString(), Main.version(), w, done -> progress.step(done, Report.SECTIONS));
            w.flush();
            file.commit();
        } catch (IOException e) {
            throw new UserError("cannot write " + output + ": " + Reasons.of(e));
        } finally {
            progress.done();
        }
        System.err.printf("wrote %s (%d KiB) in %.1f s%n", TerminalText.escape(output.toString()), Files.size(output) / 1024,
                (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
