package sonde.analyzer;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.out.Format;
import sonde.analyzer.out.ResultPrinter;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Cli;
import sonde.recorder.cli.CommandSpec;
import sonde.recorder.cli.Opt;
import sonde.recorder.cli.UsageException;

/**
 * sonde sql: any SQL over a recording, through the same views the canned reports use
 * (disk_io, recording, and each other kind recorded). The query comes from the command line,
 * --file, standard input, or, on a terminal with none of those, an interactive prompt.
 */
public final class SqlCommand {
    static final CommandSpec SPEC = new CommandSpec("sql",
            "Run SQL (DuckDB) against a recording: one view per event kind, e.g. disk_io and recording.",
            "DIR ['SELECT ...'] [--file FILE] [--format text|json|csv]",
            List.of(Opt.value("file", "FILE", "read the SQL from FILE (several statements: the last one's rows are printed)"),
                    Opt.value("format", "FMT", "text (default), json (an array of objects) or csv")),
            List.of("sonde sql ./sonde-data 'DESCRIBE disk_io'", "the columns of the disk_io view",
                    "sonde sql ./sonde-data 'SELECT comm, sum(bytes) FROM disk_io GROUP BY ALL'", "bytes per command",
                    "sonde top --print-sql > my.sql; sonde sql ./sonde-data --file my.sql", "change a canned report and run it",
                    "echo 'SELECT count(*) FROM disk_io' | sonde sql ./sonde-data --format csv", "SQL on standard input",
                    "sonde sql ./sonde-data", "on a terminal: a prompt; end statements with ';', .quit to leave"));

    private SqlCommand() {
    }

    public static int run(String[] argv) {
        return Cli.run(SPEC, argv, SqlCommand::body);
    }

    private static int body(Args a) throws Exception {
        a.atMostPositionals(2);
        Path dir = Inputs.dir(a);
        Format format = Format.parse(a.get("format"));
        String sql = a.positionals().size() > 1 ? a.positionals().get(1) : null;
        if (sql != null && a.has("file")) {
            throw new UsageException("give the query as an argument or with --file, not both");
        }
        if (a.has("file")) {
            sql = Inputs.file("file", a.get("file"));
        }
        if (sql != null && sql.isBlank()) {
            throw new UsageException("no query: the query given is empty");
        }
        boolean interactive = sql == null && System.console() != null;
        if (sql == null && !interactive) {
            sql = Inputs.all(System.in);
            if (sql.isBlank()) {
                throw new UsageException("no query: give one as an argument, with --file, or on standard input");
            }
        }
        PrintStream out = System.out;
        try (Dataset ds = Dataset.open(dir)) {
            if (interactive) {
                return new SqlPrompt(ds, format, new BufferedReader(System.console().reader()), out, System.err).run();
            }
            ds.query("query", sql, rs -> ResultPrinter.print(rs, format, out));
        }
        out.flush();
        return 0;
    }
}
