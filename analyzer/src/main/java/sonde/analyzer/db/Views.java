package sonde.analyzer.db;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.avro.Schema;
import sonde.analyzer.db.Kinds.Kind;

/**
 * The CREATE VIEW statement of one kind. With files, the view reads them all; the partition
 * directories become columns {@code date DATE} and {@code host VARCHAR} (typed explicitly, or
 * a host named "123" would be read as a number). Without files, the view is empty but has the
 * same columns and types, so that every query also runs on a directory that lacks the kind.
 * Files that may hold a row twice are de-duplicated ({@link Duplicates}), so that every view
 * holds each row once.
 */
final class Views {
    private Views() {
    }

    /**
     * The query of a kind's view: over its files, or empty.
     *
     * @param suspects the files of the kind that may hold a row twice ({@link Duplicates})
     */
    static String body(Kind kind, RecordingDir dir, List<Path> suspects) {
        List<Path> files = dir.parquetFiles(kind.name());
        return files.isEmpty() ? empty(kind.schema()) : overFiles(files, suspects, "");
    }

    static String create(String view, String body) {
        return "CREATE VIEW " + DuckTypes.quote(view) + " AS " + body;
    }

    static String replace(String view, String body) {
        return "CREATE OR REPLACE VIEW " + DuckTypes.quote(view) + " AS " + body;
    }

    /**
     * The query over files again, with the fields that none of them has (written before the field
     * existed) as columns of their Avro default, so that every query runs on old recordings too;
     * null when the files have every field.
     */
    static String withMissing(Kind kind, RecordingDir dir, List<Path> suspects, Set<String> columns) {
        StringBuilder more = new StringBuilder();
        for (Schema.Field f : kind.schema().getFields()) {
            if (!columns.contains(f.name())) {
                more.append(", CAST(").append(defaultValue(f)).append(" AS ").append(DuckTypes.of(f.schema()))
                        .append(") AS ").append(DuckTypes.quote(f.name()));
            }
        }
        return more.length() == 0 ? null : overFiles(dir.parquetFiles(kind.name()), suspects, more.toString());
    }

    /**
     * The files are named one by one, as found when the directory was checked: a directory's
     * name is a path, not a pattern ({@code rec?} must not read {@code recZ} too). The suspects
     * among them are read apart and keep one row per (recording_id, event_seq); which copy is
     * kept does not matter, the copies being the same row.
     */
    static String overFiles(List<Path> files, List<Path> suspects, String moreColumns) {
        if (suspects.isEmpty()) {
            return "SELECT *" + moreColumns + " FROM " + readParquet(files);
        }
        Set<Path> dup = Set.copyOf(suspects);
        List<Path> clean = files.stream().filter(f -> !dup.contains(f)).toList();
        String deduped = "SELECT DISTINCT ON (recording_id, event_seq) * FROM " + readParquet(suspects);
        return "SELECT *" + moreColumns + " FROM (" + (clean.isEmpty() ? deduped
                : "SELECT * FROM " + readParquet(clean) + " UNION ALL BY NAME " + deduped) + ")";
    }

    private static String readParquet(List<Path> files) {
        return "read_parquet(" + fileList(files) + ", hive_partitioning = true, union_by_name = true"
                + ", hive_types = {'host': VARCHAR, 'date': DATE})";
    }

    /** The files as a DuckDB list of patterns that each match exactly that file. */
    static String fileList(List<Path> files) {
        StringJoiner list = new StringJoiner(", ", "[", "]");
        for (Path f : files) {
            list.add(literal(globLiteral(f.toAbsolutePath().normalize().toString())));
        }
        return list.toString();
    }

    /** A field's Avro default as SQL: what a reader of the schema sees for data written without it. */
    private static String defaultValue(Schema.Field f) {
        Object v = f.hasDefaultValue() ? f.defaultVal() : null;
        if (v instanceof Boolean || v instanceof Number) {
            return v.toString();
        }
        return v instanceof CharSequence text ? literal(text.toString()) : "NULL";
    }

    /** Columns in the order DuckDB gives a view over files: the fields, then date and host. */
    static String empty(Schema schema) {
        StringJoiner cols = new StringJoiner(", ", "SELECT ", " LIMIT 0");
        for (Schema.Field f : schema.getFields()) {
            cols.add(column(DuckTypes.of(f.schema()), f.name()));
        }
        cols.add(column("DATE", "date"));
        cols.add(column("VARCHAR", "host"));
        return cols.toString();
    }

    /**
     * A path as a DuckDB file pattern that matches exactly that path: DuckDB globs every file name
     * it is given, so a file named {@code rec[1]} or {@code rec?} would match others (or nothing).
     * Each glob character becomes a one-character class: {@code [[]}, {@code [*]}, {@code [?]}.
     */
    static String globLiteral(String path) {
        StringBuilder sb = new StringBuilder(path.length() + 8);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '[' || c == '*' || c == '?') {
                sb.append('[').append(c).append(']');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A SQL string literal: DuckDB strings have no backslash escapes, only doubled quotes. */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String column(String type, String name) {
        return "CAST(NULL AS " + type + ") AS " + DuckTypes.quote(name);
    }
}
