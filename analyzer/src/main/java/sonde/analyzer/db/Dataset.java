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
import java.util.regex.Pattern;
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

    private final Path dir;
    private final Connection conn;
    private final List<String> views;

    private Dataset(Path dir, Connection conn, List<String> views) {
        this.dir = dir;
        this.conn = conn;
        this.views = views;
    }

    /** Checks {@code dir} and creates the views; throws {@link UserError} for a bad directory or file. */
    public static Dataset open(Path dir) {
        List<Kind> kinds = Kinds.available();
        RecordingDir rd = RecordingDir.check(dir, kinds.stream().map(Kind::name).toList());
        Connection conn;
        try {
            conn = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new UserError("cannot start duckdb: " + DuckErrors.firstLine(e), null, e);
        }
        try {
            return new Dataset(dir, conn, createViews(conn, kinds, rd));
        } catch (RuntimeException e) {
            closeQuietly(conn);
            throw e;
        }
    }

    private static List<String> createViews(Connection conn, List<Kind> kinds, RecordingDir rd) {
        List<String> views = new ArrayList<>();
        String samples = null;
        for (Kind kind : kinds) {
            try (Statement st = conn.createStatement()) {
                String body = Views.body(kind, rd);
                st.execute(Views.create(kind.name(), body));
                if (!rd.parquetFiles(kind.name()).isEmpty()) {
                    String again = Views.withMissing(kind, rd, columns(st, kind.name()));
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

    /** Whether DuckDB can read a file as Parquet (every row group), for sonde repair. */
    public static boolean readableParquet(Path file) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement st = c.createStatement()) {
            st.executeQuery("SELECT count(*) FROM read_parquet(" + Views.literal(Views.globLiteral(file.toString())) + ")").close();
            return true;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }
}
