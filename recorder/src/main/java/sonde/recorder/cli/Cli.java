package sonde.recorder.cli;

import java.io.PrintStream;

/**
 * Runs one command with sonde's behaviour at the edges: --help prints help and exits 0; a
 * {@link UsageException} prints the reason and the usage line and exits 2; a {@link UserError}
 * prints one or two lines and exits 1; anything else is a bug, printed as one line (the stack
 * trace only with -v) and exits 1. Messages show control characters escaped ({@link TerminalText}), and
 * output lost on standard output is an error too ({@link StandardOutput}).
 */
public final class Cli {
    /** The body of a command: returns the exit status. */
    @FunctionalInterface
    public interface Body {
        int run(Args args) throws Exception;
    }

    /** The prefix of the command running now, for {@link #warn}. */
    private static volatile String current = "sonde: ";

    private Cli() {
    }

    /**
     * One warning line on standard error, never standard output (which holds the command's data:
     * CSV and JSON stay valid): "sonde top: warning: ...", control characters escaped.
     */
    public static void warn(String message) {
        System.err.println(current + "warning: " + TerminalText.escape(message));
    }

    public static int run(CommandSpec spec, String[] argv, Body body) {
        String prefix = "sonde " + spec.name() + ": ";
        current = prefix;
        return StandardOutput.check(prefix, runBody(spec, argv, body, prefix), System.err);
    }

    private static int runBody(CommandSpec spec, String[] argv, Body body, String prefix) {
        PrintStream err = System.err;
        boolean verbose = false;
        for (String a : argv) {
            if (a.equals("-v") || a.equals("--verbose")) {
                verbose = true;
            }
        }
        try {
            Args args = spec.parse(argv);
            if (args.has("help")) {
                System.out.print(spec.help());
                return 0;
            }
            return body.run(args);
        } catch (UsageException e) {
            err.println(prefix + TerminalText.escape(e.getMessage()));
            err.println(spec.usageLine());
            err.println("Try 'sonde " + spec.name() + " --help' for more.");
            return 2;
        } catch (UserError e) {
            err.println(prefix + TerminalText.escape(e.getMessage()));
            if (e.hint() != null) {
                err.println("  " + TerminalText.escape(e.hint()));
            }
            if (verbose && e.getCause() != null) {
                e.getCause().printStackTrace(err);
            }
            return 1;
        } catch (Exception | Error e) {
            err.println(prefix + "internal error (a bug in sonde): " + TerminalText.escape(Reasons.of(e))
                    + (verbose ? "" : " (run with -v for the stack trace)"));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }
}
