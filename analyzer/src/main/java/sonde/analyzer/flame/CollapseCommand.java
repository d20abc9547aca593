package sonde.analyzer.flame;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Cli;
import sonde.recorder.cli.CommandSpec;
import sonde.recorder.cli.Opt;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UserError;

/**
 * {@code sonde collapse}: folds perf script output into folded stacks, printing exactly what
 * FlameGraph's stackcollapse-perf.pl (Brendan Gregg) prints for the same options, so its
 * output feeds flamegraph.pl, difffolded.pl and {@link FlameGraph} alike.
 */
public final class CollapseCommand {
    static final CommandSpec SPEC = new CommandSpec(
            "collapse",
            "Fold perf script output into one line per distinct stack, as FlameGraph's stackcollapse-perf.pl does.",
            "[--pid] [--tid] [--kernel] [--jit] [--all] [--addrs] [--event-filter=EVENT] [FILE|-]",
            List.of(
                    Opt.flag("pid", "include the PID with the process name (comm-PID)"),
                    Opt.flag("tid", "include PID and TID with the process name (comm-PID/TID)"),
                    Opt.flag("kernel", "annotate kernel frames with _[k]"),
                    Opt.flag("jit", "annotate JIT frames (from /tmp/perf-PID.map) with _[j]"),
                    Opt.flag("all", "all annotations (--kernel --jit)"),
                    Opt.flag("addrs", "show the address of frames that have no symbol"),
                    Opt.value("event-filter", "EVENT", "fold only samples of EVENT (default: the first event type seen)")),
            List.of(
                    "perf script | sonde collapse > out.folded", "fold a profile read from stdin",
                    "sonde collapse --all perf.txt", "mark kernel and JIT frames, for colouring",
                    "sonde collapse --tid --event-filter=cycles perf.txt", "one tower per thread; cycles samples only"));

    private CollapseCommand() {
    }

    /** Runs {@code sonde collapse ARGS} (the words after "collapse"); returns the exit status. */
    public static int run(String[] args) {
        return run(args, System.in, System.out, System.err);
    }

    static int run(String[] args, InputStream stdin, OutputStream stdout, PrintStream stderr) {
        return Cli.run(SPEC, args, a -> collapse(a, stdin, stdout, stderr));
    }

    private static int collapse(Args a, InputStream stdin, OutputStream stdout, PrintStream stderr) throws IOException {
        a.atMostPositionals(1);
        String file = a.positionals().isEmpty() ? "-" : a.positionals().get(0);
        CollapseOptions options = CollapseOptions.defaults()
                .withPid(a.has("pid")).withTid(a.has("tid"))
                .withKernel(a.has("kernel")).withJit(a.has("jit")).withAll(a.has("all"))
                .withAddrs(a.has("addrs")).withEventFilter(a.get("event-filter"));
        Collapse collapse;
        if (file.equals("-")) {
            collapse = new Collapse(options);
            collapse.read(stdin);
        } else {
            collapse = readFile(Path.of(file), options, file);
        }
        OutputStream out = new BufferedOutputStream(stdout, 1 << 16);
        collapse.writeTo(out);
        out.flush();
        notes(collapse, stderr);
        return 0;
    }

    private static Collapse readFile(Path path, CollapseOptions options, String name) {
        if (Files.isDirectory(path)) {
            throw new UserError("cannot read " + name + ": is a directory", "give a perf script output file, or - for stdin");
        }
        try {
            if (Files.isRegularFile(path)) {
                return ParallelFold.fold(path, options, Runtime.getRuntime().availableProcessors());
            }
            try (InputStream in = Files.newInputStream(path)) {
                // a pipe or a device: one pass, in order
                Collapse collapse = new Collapse(options);
                collapse.read(in);
                return collapse;
            }
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read " + name + ": no such file", null, e);
        } catch (AccessDeniedException e) {
            throw new UserError("cannot read " + name + ": permission denied", null, e);
        } catch (IOException e) {
            throw new UserError("cannot read " + name + ": " + Reasons.of(e), null, e);
        }
    }

    /** What the reference would warn about, said once each instead of once per line. */
    private static void notes(Collapse c, PrintStream err) {
        String prefix = "sonde collapse: note: ";
        if (c.firstSkippedEvent() != null) {
            err.println(prefix + "more than one event type; folded only '" + c.eventFilter()
                    + "' samples (choose with --event-filter=EVENT)");
        }
        if (c.crlfBlankLines() > 0) {
            err.println(prefix + "the input has CRLF line endings, so no blank line ends a sample; convert it with dos2unix");
        }
        if (c.unrecognizedLines() > 0) {
            err.println(prefix + "skipped " + c.unrecognizedLines() + " unrecognized line(s); is this perf script output?");
        }
        if (c.skippedLongLines() > 0) {
            err.println(prefix + "skipped " + c.skippedLongLines() + " line(s) longer than "
                    + (Collapse.MAX_LINE_BYTES >> 20) + " MiB");
        }
        if (c.size() == 0 && c.unrecognizedLines() == 0) {
            err.println(prefix + "no stacks found; perf script prints them for recordings made with -g");
        }
    }
}
