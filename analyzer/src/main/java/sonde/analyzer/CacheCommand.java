package sonde.analyzer;

import java.io.PrintStream;
import java.util.List;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.db.SqlFiles;
import sonde.analyzer.out.Format;
import sonde.analyzer.out.ResultPrinter;
import sonde.analyzer.report.CacheRow;
import sonde.analyzer.report.CacheText;
import sonde.analyzer.report.RecordingWindow;
import sonde.analyzer.report.UnnamedFiles;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Cli;
import sonde.recorder.cli.CommandSpec;
import sonde.recorder.cli.Opt;

/**
 * sonde cache: how much of each process's file I/O the page cache absorbed. VFS bytes (the
 * read/write syscalls, vfs_io) next to block-layer bytes (disk_io, with writeback attributed to
 * the dirtier). Based on vfs.d by Brendan Gregg (DTrace). The numbers come from cache.sql.
 */
public final class CacheCommand {
    static final String SQL = "cache.sql";

    static final CommandSpec SPEC = new CommandSpec("cache",
            "What the page cache absorbed: file system bytes next to disk bytes, per process, like vfs.d.",
            "DIR [-n N] [-p PID] [-c COMM] [--format text|json|csv]",
            List.of(Opt.value("rows", 'n', "N", "show the N busiest processes; default 20"),
                    Opt.value("pid", 'p', "PID", "only this process id"),
                    Opt.value("comm", 'c', "COMM", "only this command name (the kernel's 15-byte name: a longer COMM is cut as the kernel cuts it, at a whole UTF-8 character)"),
                    Opt.value("format", "FMT", "text (default), json or csv; json keys: pid, comm, vfs_read_bytes,"
                            + " disk_read_bytes, vfs_write_bytes, disk_write_bytes"),
                    Opt.flag("print-sql", "print the query and exit: " + SqlFiles.path(SQL))),
            List.of("sonde cache ./sonde-data", "cache absorption per process",
                    "sonde cache ./sonde-data -c memcached", "one program",
                    "sonde cache ./sonde-data --format json", "for a script"));

    private CacheCommand() {
    }

    public static int run(String[] argv) {
        return Cli.run(SPEC, argv, CacheCommand::body);
    }

    private static int body(Args a) {
        a.atMostPositionals(1);
        int rows = a.intValue("rows", 20, 1, 1_000_000);
        Integer pid = a.has("pid") ? a.intValue("pid", 0, 0, Integer.MAX_VALUE) : null;
        Format format = Format.parse(a.get("format"));
        PrintStream out = System.out;
        if (a.has("print-sql")) {
            out.print(SqlFiles.load(SQL));
            return 0;
        }
        try (Dataset ds = Dataset.open(Inputs.dir(a))) {
            ds.set("pid", pid);
            ds.set("comm", Inputs.comm(a));
            ds.set("cache_n", rows);
            String sql = SqlFiles.load(SQL);
            if (format == Format.TEXT) {
                RecordingWindow window = RecordingWindow.read(ds);
                CacheText.print(ds.query(SQL, sql, CacheRow::readAll), window, out);
                String unnamed = UnnamedFiles.line(ds);
                if (unnamed != null) {
                    out.println();
                    out.println(unnamed);
                }
            } else {
                ds.query(SQL, sql, rs -> ResultPrinter.print(rs, format, out));
            }
        }
        out.flush();
        return 0;
    }
}
