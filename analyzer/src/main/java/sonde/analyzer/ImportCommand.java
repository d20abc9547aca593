package sonde.analyzer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import sonde.analyzer.importer.PerfScriptImport;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Cli;
import sonde.recorder.cli.CommandSpec;
import sonde.recorder.cli.Opt;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.TerminalText;
import sonde.recorder.cli.UsageException;
import sonde.recorder.cli.UserError;

/**
 * sonde import perf-script: profiles taken with Linux perf elsewhere ({@code perf record -g},
 * then {@code perf script}) become a sonde recording, so the same SQL, flame graphs and exports
 * apply. The parsing is stackcollapse-perf.pl's (Brendan Gregg's FlameGraph), shared with
 * {@code sonde collapse}.
 */
public final class ImportCommand {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+");

    static final CommandSpec SPEC = new CommandSpec("import",
            "Import CPU stack samples printed by perf script into a recording directory (cpu_sample).",
            "perf-script FILE|- --out DIR [--host NAME] [--event-filter EVENT]",
            List.of(Opt.value("out", "DIR", "the recording directory to add the samples to (created if needed)"),
                    Opt.value("host", "NAME", "the host the profile was taken on (default: perf's '# hostname' header line, else unknown)"),
                    Opt.value("event-filter", "EVENT", "import only samples of EVENT (default: the first event type seen)")),
            List.of("perf record -F 99 -a -g -- sleep 30; perf script > out.perf", "on the profiled host",
                    "sonde import perf-script out.perf --out ./sonde-data", "then: sonde flame ./sonde-data",
                    "perf script | sonde import perf-script - --out d --host web-1", "from stdin, naming the host"));

    private ImportCommand() {
    }

    public static int run(String[] argv) {
        return Cli.run(SPEC, argv, a -> body(a, "sonde import " + String.join(" ", argv)));
    }

    private static int body(Args a, String commandLine) throws IOException {
        List<String> pos = a.positionals();
        if (pos.isEmpty()) {
            throw new UsageException("missing the input format (perf-script)");
        }
        if (!pos.get(0).equals("perf-script")) {
            throw new UsageException("unknown input format '" + pos.get(0) + "': sonde imports perf-script");
        }
        if (pos.size() < 2) {
            throw new UsageException("missing FILE (perf script output, or - for standard input)");
        }
        a.atMostPositionals(2);
        if (!a.has("out")) {
            throw new UsageException("missing --out DIR (the recording directory to write)");
        }
        String host = a.get("host");
        if (host != null && !HOST.matcher(host).matches()) {
            throw new UsageException("bad --host '" + host + "': letters, digits, '.', '_' and '-' only");
        }
        String file = pos.get(1);
        PerfScriptImport.Options o = new PerfScriptImport.Options(file, host, a.get("event-filter"),
                commandLine, Main.version());
        PerfScriptImport.Result r;
        if (file.equals("-")) {
            r = PerfScriptImport.run(System.in, o, Path.of(a.get("out")));
        } else {
            try (InputStream in = open(Inputs.path("FILE", file))) {
                r = PerfScriptImport.run(in, o, Path.of(a.get("out")));
            }
        }
        report(r, a.get("out"), System.err);
        return 0;
    }

    private static InputStream open(Path p) {
        if (Files.isDirectory(p)) {
            throw new UserError("cannot read " + p + ": is a directory", "give a perf script output file, or - for stdin");
        }
        try {
            return Files.newInputStream(p);
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read " + p + ": no such file", null, e);
        } catch (AccessDeniedException e) {
            throw new UserError("cannot read " + p + ": permission denied", null, e);
        } catch (IOException e) {
            throw new UserError("cannot read " + p + ": " + Reasons.of(e), null, e);
        }
    }

    private static void report(PerfScriptImport.Result r, String out, PrintStream err) {
        String prefix = "sonde import: ";
        PerfScriptImport.Odd odd = r.odd();
        if (r.skippedLines() > 0) {
            List<String> why = new ArrayList<>();
            if (r.droppedSamples() > 0) {
                why.add(r.droppedSamples() + " sample(s) cut short (no blank line after, or a line over "
                        + (PerfScriptImport.MAX_LINE_BYTES >> 20) + " MiB)");
            }
            if (odd.binarySamples() > 0) {
                why.add(odd.binarySamples() + " sample(s) holding binary data (a NUL byte, or a task name not UTF-8)");
            }
            if (odd.malformedSamples() > 0) {
                why.add(odd.malformedSamples() + " sample(s) whose header perf does not print (no pid, or a task name over "
                        + PerfScriptImport.MAX_COMM_BYTES + " bytes)");
            }
            if (r.unrecognizedLines() > 0) {
                why.add(r.unrecognizedLines() + " line(s) that are not perf script samples"
                        + (odd.binaryLines() > 0 ? " (" + odd.binaryLines() + " of them binary: NUL bytes)" : ""));
            }
            err.println(prefix + "note: skipped " + r.skippedLines() + " of " + r.lines() + " lines: " + String.join("; ", why));
        }
        if (odd.cutSamples() > 0) {
            err.println(prefix + "note: " + odd.cutSamples() + " sample(s) deeper than " + String.format("%,d", odd.maxFrames())
                    + " frames kept with their " + String.format("%,d", odd.maxFrames())
                    + " frames nearest the leaf (their outermost callers left out, as the kernel's perf_event_max_stack cuts)");
        }
        if (r.firstOtherEvent() != null) {
            err.println(prefix + "note: imported only '" + TerminalText.escape(r.event()) + "' samples; skipped "
                    + r.otherEventSamples() + " of other events, e.g. '" + TerminalText.escape(r.firstOtherEvent())
                    + "' (choose with --event-filter=EVENT)");
        }
        err.println(prefix + "imported " + r.samples() + " samples" + (r.event() == null ? "" : " of " + TerminalText.escape(r.event()))
                + " into " + TerminalText.escape(out) + " (host " + r.host() + ", recording " + r.recordingId() + ")");
    }
}
