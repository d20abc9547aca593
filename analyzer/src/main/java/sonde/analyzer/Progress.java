package sonde.analyzer;

import java.io.PrintStream;

/**
 * Progress of a long command on a terminal: one line rewritten in place on stderr; nothing at
 * all when stderr is not a terminal (scripts, CI, pipes), so logs stay clean.
 */
final class Progress {
    private final PrintStream err;
    private final String what;
    private final boolean tty;
    private final long start = System.nanoTime();
    private boolean shown;

    Progress(String what) {
        this(what, System.err, System.console() != null);
    }

    Progress(String what, PrintStream err, boolean tty) {
        this.what = what;
        this.err = err;
        this.tty = tty;
    }

    void step(long done, long total) {
        if (tty) {
            err.printf("\r%s: %d/%d (%.1f s)   ", what, done, total, (System.nanoTime() - start) / 1e9);
            err.flush();
            shown = true;
        }
    }

    void done() {
        if (shown) {
            err.print("\r" + " ".repeat(what.length() + 30) + "\r");
            err.flush();
        }
    }
}
