package sonde.analyzer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.out.Format;
import sonde.analyzer.out.ResultPrinter;
import sonde.recorder.cli.TerminalText;
import sonde.recorder.cli.UserError;

/**
 * The interactive side of sonde sql: reads lines until one ends with ';', runs what it has,
 * prints the rows or the error, and asks again; .quit, .exit or end of input leaves.
 */
final class SqlPrompt {
    static final String PROMPT = "sonde> ";
    static final String MORE = "   ...> ";

    private final Dataset ds;
    private final Format format;
    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;

    SqlPrompt(Dataset ds, Format format, BufferedReader in, PrintStream out, PrintStream err) {
        this.ds = ds;
        this.format = format;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Returns the exit status: 0, errors in statements do not end the session. */
    int run() throws IOException {
        out.println("views: " + String.join(", ", ds.views()) + " over " + ds.dir()
                + ". End a statement with ';'; .quit to leave.");
        StringBuilder statement = new StringBuilder();
        while (true) {
            out.print(statement.length() == 0 ? PROMPT : MORE);
            out.flush();
            String line = in.readLine();
            if (line == null) {
                out.println();
                return 0;
            }
            String t = line.strip();
            if (statement.length() == 0 && (t.equals(".quit") || t.equals(".exit"))) {
                return 0;
            }
            if (statement.length() == 0 && t.isEmpty()) {
                continue;
            }
            statement.append(line).append('\n');
            if (t.endsWith(";")) {
                execute(statement.toString());
                statement.setLength(0);
            }
        }
    }

    private void execute(String sql) {
        try {
            ds.query("query", sql, rs -> ResultPrinter.print(rs, format, out));
        } catch (UserError e) {
            err.println("error: " + TerminalText.escape(e.getMessage()));
            if (e.hint() != null) {
                err.println("  " + TerminalText.escape(e.hint()));
            }
        }
        out.flush();
    }
}
