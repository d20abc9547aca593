package sonde.analyzer.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import sonde.recorder.cli.Cli;
import sonde.analyzer.db.Kinds.Kind;
import sonde.recorder.cli.UserError;

/**
 * A recording directory opened for SQL: an in-memory DuckDB with one view per event kind
 * ({@code disk_io}, {@code recording}, and any kind whose schema the schema jar has), empty but
 * typed when the directory holds no file of that kind.
 *
 * <p>Values that come from the user (pid, comm, limits, time windows) reach SQL only as bound
 * DuckDB variables: {@link #set} binds them, queries read them with {@code getvariable('pid')}.
 * The same SQL file therefore runs unchanged under {@code sonde sql} after a {@code SET VARIABLE}.
 *
 * <p>Every DuckDB failure leaves as a one-line {@link UserError}. Not thread-safe.
 */
public final class Dataset implements AutoCloseable {
    private static final Pattern VARIABLE = Pattern.compile("[a-z_][a-z0-9_]*");

    /** Reads a query's rows. */
    @FunctionalInterface
    public interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Odd files named one warning line each, up to this many; then one line says how many more. */
    public static final int WARNED_FILES = 5;

    private final Path dir;
    private final Connection conn;
    private final List<String> views;
    private final RecordingDir files;

    private Dataset(Path dir, Connection conn, List<String> views, RecordingDir files) {
        this.dir = dir;
        this.conn = conn;
        this.views = views;
        this.files = files;
    }

    /**
     * Checks {@code dir} and creates the views; throws {@link UserError} for a bad directory or
     * file. Odd files are left out of the views, each named in a warning on standard error.
     */
    public static Dataset open(Path dir) {
        return open(dir, Cli::warn);
    }

    /** {@link #open(Path)}, with the warnings about odd files given to {@code warn}, one line each. */
    public static Dataset open(Path dir, Consumer<String> warn) {
        List<Kind> kinds = Kinds.available();
        RecordingDir found = RecordingDir.check(dir, kinds.stream().map(Kind::name).toList());
        Connection conn;
        try {
            conn = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new UserError("cannot start duckdb: " + DuckErrors.firstLine(e), null, e);
        }
        try {
            cacheFooters(conn);
            RecordingDir rd = FileCheck.run(conn, kinds, found);
            warnOdd(rd, warn);
            return new Dataset(dir, conn, createViews(conn, kinds, rd), rd);
        } catch (RuntimeException e) {
            closeQuietly(conn);
            throw e;
        }
    }

    /**
     * Every footer is read by the file check, again when a view binds its columns, and again by
     * each query: DuckDB's metadata cache reads it once (the files do not change while a
     * command runs; a recording still being written adds whole files, which are not listed).
     */
    private static void cacheFooters(Connection conn) {
        try (Statement st = conn.createStatement()) {
            st.execute("SET parquet_metadata_cache = true");
        } catch (SQLException e) {
            throw new UserError("cannot set up duckdb: " + DuckErrors.firstLine(e), null, e);
        }
    }

    /** Names the odd files; when nothing else is left to read, that is an error naming the first. */
    private static void warnOdd(RecordingDir rd, Consumer<String> warn) {
        List<OddFile> odd = rd.odd();
        if (!odd.isEmpty() && rd.nothingToRead()) {
            OddFile first = odd.get(0);
            throw new UserError("nothing readable in " + rd.path() + ": skipped " + shown(first, rd) + " (" + first.why() + ")"
                    + (odd.size() > 1 ? " and " + (odd.size() - 1) + " more odd file(s)" : ""),
                    "move what is not a recording out of " + rd.path() + " (sonde repair " + rd.path()
                            + " moves unreadable Parquet files aside)");
        }
        for (int i = 0; i < odd.size() && i < WARNED_FILES; i++) {
            warn.accept("skipped " + shown(odd.get(i), rd) + ": " + odd.get(i).why());
        }
        if (odd.size() > WARNED_FILES) {
            warn.accept("skipped " + (odd.size() - WARNED_FILES) + " more odd file(s) in " + rd.path());
        }
    }

    private static String shown(OddFile f, RecordingDir rd) {
        return DuckErrors.shown(f.file().toString(), rd.path());
    }

    /** The files the views read were checked, each by its footer. */
    public List<OddFile> skipped() {
        return files.odd();
    }

    private static List<String> createViews(Connection conn, List<Kind> kinds, RecordingDir rd) {
        List<String> views = new ArrayList<>();
        String samples = null;
        for (Kind kind : kinds) {
            try (Statement st = conn.createStatement()) {
                List<Path> suspects = numbered(kind) ? Duplicates.suspects(conn, rd.parquetFiles(kind.name())) : List.of();
                String body = Views.body(kind, rd, suspects);
                st.execute(Views.create(kind.name(), body));
                if (!rd.parquetFiles(kind.name()).isEmpty()) {
                    String again = Views.withMissing(kind, rd, suspects, columns(st, kind.name()));
                    if (again != null) {
                        body = again;
                        st.execute(Views.replace(kind.name(), body));
                    }
                }
                if (kind.name().equals(JitNames.SAMPLES)) {
                    samples = body;
                }
            } catch (SQLException e) {
                throw DuckErrors.translate(e, "creating view " + kind.name(), rd.path(), null);
            }
            views.add(kind.name());
        }
        if (views.contains(JitNames.NAMES) && !rd.parquetFiles(JitNames.NAMES).isEmpty()
                && !rd.parquetFiles(JitNames.SAMPLES).isEmpty()) {
            // JIT frames named after their samples were written: named in the view (over jit_symbol)
            try (Statement st = conn.createStatement()) {
                st.execute(Views.replace(JitNames.SAMPLES, JitNames.named(samples)));
            } catch (SQLException e) {
                throw DuckErrors.translate(e, "creating view " + JitNames.SAMPLES, rd.path(), null);
            }
        }
        return List.copyOf(views);
    }

    /** Whether a kind's rows are numbered by (recording_id, event_seq), which makes a row held twice known. */
    private static boolean numbered(Kind kind) {
        return kind.schema().getField("recording_id") != null && kind.schema().getField("event_seq") != null;
    }

    /** The columns of a view, as its creation bound them (no file is read again). */
    private static Set<String> columns(Statement st, String view) throws SQLException {
        Set<String> names = new HashSet<>();
        try (ResultSet rs = st.executeQuery("SELECT column_name FROM duckdb_columns() WHERE table_name = "
                + Views.literal(view))) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    public Path dir() {
        return dir;
    }

    /** The view names, one per kind, in a fixed order. */
    public List<String> views() {
        return views;
    }

    /**
     * Binds a DuckDB variable, read in SQL as {@code getvariable('name')}; null unsets it
     * (getvariable then returns NULL). The value is a bound parameter, never SQL text.
     */
    public void set(String variable, Object value) {
        if (!VARIABLE.matcher(variable).matches()) {
            throw new IllegalArgumentException("not a variable name: " + variable);
        }
        try {
            if (value == null) {
                try (Statement st = conn.createStatement()) {
                    st.execute("RESET VARIABLE " + DuckTypes.quote(variable));
                }
                return;
            }
            try (PreparedStatement ps = conn.prepareStatement("SET VARIABLE " + DuckTypes.quote(variable) + " = ?")) {
                ps.setObject(1, value);
                ps.execute();
            }
        } catch (SQLException e) {
            throw DuckErrors.translate(e, "setting " + variable, dir, null);
        }
    }

    /**
     * Runs one or more statements and hands the last one's rows to {@code rows}.
     *
     * @param what names the query in errors ("query", "top.sql")
     * @return what {@code rows} returned, or null when the last statement returns no rows
     */
    public <T> T query(String what, String sql, Rows<T> rows) {
        try (Statement st = conn.createStatement()) {
            if (!st.execute(sql)) {
                return null;
            }
            try (ResultSet rs = st.getResultSet()) {
                return rows.read(rs);
            }
        } catch (SQLException e) {
            if (!DuckErrors.namesAFile(e) && DuckErrors.mayBeData(e)) {
                OddFile bad = Damaged.find(conn, files);
                if (bad != null) {
                    throw new UserError("failed to read " + DuckErrors.shown(bad.file().toString(), dir) + ": " + bad.why(),
                            "the file is damaged; move it out of " + dir + " (or run sonde repair " + dir + ") and run again", e);
                }
            }
            throw DuckErrors.translate(e, what, dir, hint(e));
        }
    }

    private String hint(SQLException e) {
        String line = DuckErrors.firstLine(e);
        if (line.startsWith("Catalog Error") || line.startsWith("Binder Error")) {
            return "views: " + String.join(", ", views) + " (DESCRIBE " + views.get(0) + " lists its columns)";
        }
        return null;
    }

    @Override
    public void close() {
        closeQuietly(conn);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing to do: the database is in memory
        }
    }

    /** Whether DuckDB can read a file as Parquet, every value of every row group, for sonde repair. */
    public static boolean readableParquet(Path file) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            return Damaged.readError(c, List.of(file)) == null;
        } catch (SQLException e) {
            return false;
        }
    }
}
