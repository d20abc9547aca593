package sonde.analyzer.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.avro.Schema;
import sonde.analyzer.db.Kinds.Kind;
import sonde.recorder.cli.UserError;

/**
 * Which files of a recording the views can read, from their Parquet footers alone (DuckDB's
 * parquet_schema: one query per kind, reading no data pages; with DuckDB's metadata cache on,
 * the views then read the footers from memory). A file is odd, and left out, when DuckDB
 * cannot read its footer (empty, cut short, not Parquet), when it lacks a column that every
 * sonde version wrote for its kind (a cpu_sample file under disk_io/), or when a column holds
 * another sort of value than the kind's (text where disk_io has a number). A file whose column
 * that sonde never leaves NULL holds NULLs is an error naming the file and the column: its rows
 * would reach the reports as values that cannot be (once "internal error: NullPointerException").
 * Over 3,000 files this costs about a second of CPU, a fifth of a sonde sql's.
 */
final class FileCheck {
    /** What a footer says of one file: the sort of each top-level column, and which may hold NULL. */
    private static final class Columns {
        final Map<String, String> sorts = new HashMap<>();
        final Set<String> optional = new HashSet<>();
    }

    private FileCheck() {
    }

    /** {@code rd} less its odd files (which {@link RecordingDir#odd} then lists, with the reason). */
    static RecordingDir run(Connection conn, List<Kind> kinds, RecordingDir rd) {
        List<OddFile> odd = new ArrayList<>();
        for (Kind kind : kinds) {
            List<Path> files = new ArrayList<>();
            for (Path f : rd.parquetFiles(kind.name())) {
                if (size(f) == 0) {
                    odd.add(new OddFile(f, "empty (0 bytes)"));
                } else {
                    files.add(f);
                }
            }
            Map<Path, Columns> footers = new LinkedHashMap<>();
            read(conn, files, footers, odd);
            Map<Path, Columns> fit = new LinkedHashMap<>();
            for (Map.Entry<Path, Columns> e : footers.entrySet()) {
                String why = schemaProblem(kind, kinds, e.getValue());
                if (why != null) {
                    odd.add(new OddFile(e.getKey(), why));
                } else {
                    fit.put(e.getKey(), e.getValue());
                }
            }
            requireNoNulls(conn, kind, fit, rd.path());
        }
        return rd.without(odd);
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1; // DuckDB says what is wrong when it reads it
        }
    }

    /** The footers of {@code files}; a set that fails is split in two until the unreadable ones are found. */
    private static void read(Connection conn, List<Path> files, Map<Path, Columns> out, List<OddFile> odd) {
        if (files.isEmpty()) {
            return;
        }
        try {
            out.putAll(footers(conn, files));
        } catch (SQLException e) {
            if (files.size() == 1) {
                odd.add(new OddFile(files.get(0), DuckErrors.problem(e)));
                return;
            }
            int mid = files.size() / 2;
            read(conn, files.subList(0, mid), out, odd);
            read(conn, files.subList(mid, files.size()), out, odd);
        }
    }

    /**
     * Each file's top-level columns from parquet_schema: per file, its schema elements in the
     * footer's order, depth first, the root first; the root's children are the columns.
     */
    private static Map<Path, Columns> footers(Connection conn, List<Path> files) throws SQLException {
        Map<String, Path> byName = new HashMap<>();
        Map<Path, List<Object[]>> elements = new LinkedHashMap<>();
        for (Path f : files) {
            byName.put(f.toAbsolutePath().normalize().toString(), f);
            elements.put(f, new ArrayList<>());
        }
        String sql = "SELECT file_name, name, type, repetition_type, num_children FROM parquet_schema(" + Views.fileList(files) + ")";
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Path f = byName.get(Path.of(rs.getString(1)).toAbsolutePath().normalize().toString());
                if (f != null) {
                    elements.get(f).add(new Object[] {rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)});
                }
            }
        }
        Map<Path, Columns> out = new LinkedHashMap<>();
        elements.forEach((f, list) -> out.put(f, columns(list)));
        return out;
    }

    /** The root's children of a depth-first schema list: {name, physical type, repetition, children}. */
    private static Columns columns(List<Object[]> elements) {
        Columns c = new Columns();
        if (elements.isEmpty()) {
            return c;
        }
        int i = 1;
        for (long k = (Long) elements.get(0)[3]; k > 0 && i < elements.size(); k--) {
            Object[] e = elements.get(i);
            String name = (String) e[0];
            boolean group = (Long) e[3] > 0;
            c.sorts.put(name, group ? "nested" : sortOfParquet((String) e[1]));
            if (!group && "OPTIONAL".equals(e[2])) {
                c.optional.add(name);
            }
            i = after(elements, i);
        }
        return c;
    }

    /** The index after element i and all its descendants. */
    private static int after(List<Object[]> elements, int i) {
        int next = i + 1;
        for (long k = (Long) elements.get(i)[3]; k > 0 && next < elements.size(); k--) {
            next = after(elements, next);
        }
        return next;
    }

    /** Why the columns are not {@code kind}'s, or null when they are. */
    private static String schemaProblem(Kind kind, List<Kind> kinds, Columns c) {
        List<String> missing = missing(kind, c);
        if (!missing.isEmpty()) {
            for (Kind other : kinds) {
                if (other != kind && missing(other, c).isEmpty()) {
                    return "a " + other.name() + " file, not " + kind.name();
                }
            }
            return "not a " + kind.name() + " file: it has no column " + missing.get(0)
                    + (missing.size() > 1 ? " (nor " + (missing.size() - 1) + " more)" : "");
        }
        for (Schema.Field f : kind.schema().getFields()) {
            String want = sortOfAvro(f.schema());
            String got = c.sorts.get(f.name());
            if (got != null && want != null && !want.equals(got)) {
                return "its column " + f.name() + " holds " + got + " values, where " + kind.name() + " has " + want;
            }
        }
        return null;
    }

    /** The fields every sonde version wrote for the kind (those added later have defaults), that {@code c} lacks. */
    private static List<String> missing(Kind kind, Columns c) {
        List<String> missing = new ArrayList<>();
        for (Schema.Field f : kind.schema().getFields()) {
            if (!f.hasDefaultValue() && !c.sorts.containsKey(f.name())) {
                missing.add(f.name());
            }
        }
        return missing;
    }

    /**
     * A column sonde never leaves NULL (a field whose type is not a union with null) that holds
     * NULLs is an error. sonde writes such columns REQUIRED, which cannot hold one; files written
     * by another program may have them OPTIONAL, and then their statistics are read (one query
     * for all of them), or without statistics, their values counted.
     */
    private static void requireNoNulls(Connection conn, Kind kind, Map<Path, Columns> footers, Path dir) {
        Map<String, Path> byName = new HashMap<>();
        Map<Path, List<String>> check = new LinkedHashMap<>();
        Set<String> columns = new HashSet<>();
        footers.forEach((file, c) -> {
            for (Schema.Field f : kind.schema().getFields()) {
                if (f.schema().getType() != Schema.Type.UNION && c.optional.contains(f.name())) {
                    check.computeIfAbsent(file, x -> new ArrayList<>()).add(f.name());
                    columns.add(f.name());
                }
            }
            byName.put(file.toAbsolutePath().normalize().toString(), file);
        });
        if (check.isEmpty()) {
            return;
        }
        StringJoiner names = new StringJoiner(", ");
        columns.forEach(col -> names.add(Views.literal(col)));
        String sql = "SELECT file_name, path_in_schema, sum(stats_null_count)::BIGINT, count(*) FILTER (WHERE stats_null_count IS NULL)"
                + " FROM parquet_metadata(" + Views.fileList(List.copyOf(check.keySet())) + ") WHERE path_in_schema IN (" + names
                + ") GROUP BY ALL ORDER BY ALL";
        Set<Path> unknown = new java.util.LinkedHashSet<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Path file = byName.get(Path.of(rs.getString(1)).toAbsolutePath().normalize().toString());
                if (file == null || !check.get(file).contains(rs.getString(2))) {
                    continue;
                }
                if (rs.getLong(3) > 0) {
                    throw nulls(file, rs.getString(2), rs.getLong(3), dir);
                }
                if (rs.getLong(4) > 0) {
                    unknown.add(file);
                }
            }
        } catch (SQLException e) {
            throw DuckErrors.translate(e, "checking " + dir, dir, null);
        }
        for (Path file : unknown) {
            countNulls(conn, file, check.get(file), dir);
        }
    }

    /** NULLs counted in the values, for a file whose footer has no statistics. */
    private static void countNulls(Connection conn, Path file, List<String> check, Path dir) {
        StringJoiner counts = new StringJoiner(", ");
        for (String col : check) {
            counts.add("count(*) FILTER (WHERE " + DuckTypes.quote(col) + " IS NULL)");
        }
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + counts + " FROM read_parquet(" + Views.fileList(List.of(file)) + ")")) {
            rs.next();
            for (int i = 0; i < check.size(); i++) {
                if (rs.getLong(i + 1) > 0) {
                    throw nulls(file, check.get(i), rs.getLong(i + 1), dir);
                }
            }
        } catch (SQLException e) {
            throw DuckErrors.translate(e, "checking " + file, dir, null);
        }
    }

    private static UserError nulls(Path file, String column, long rows, Path dir) {
        return new UserError("failed to read " + DuckErrors.shown(file.toString(), dir) + ": its column " + column
                + " holds NULL in " + rows + " row(s), which sonde never writes",
                "the file was not written by sonde, or was changed since; move it out of " + dir + " and run again");
    }

    /** What sort of value a Parquet physical type holds. */
    private static String sortOfParquet(String physical) {
        if (physical == null) {
            return "nested";
        }
        return switch (physical) {
            case "INT32", "INT64", "INT96" -> "whole-number";
            case "FLOAT", "DOUBLE" -> "real-number";
            case "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY" -> "text";
            case "BOOLEAN" -> "true/false";
            default -> physical;
        };
    }

    /** The same for an Avro field's type; null when any sort will do. */
    private static String sortOfAvro(Schema s) {
        return switch (s.getType()) {
            case UNION -> s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst()
                    .map(FileCheck::sortOfAvro).orElse(null);
            case INT, LONG -> "whole-number";
            case FLOAT, DOUBLE -> "real-number";
            case STRING, BYTES, ENUM, FIXED -> "text";
            case BOOLEAN -> "true/false";
            case ARRAY, MAP, RECORD -> "nested";
            default -> null;
        };
    }
}
