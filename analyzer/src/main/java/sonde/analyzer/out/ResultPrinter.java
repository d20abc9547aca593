package sonde.analyzer.out;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints any query result in one of the {@link Format}s.
 *
 * <ul>
 * <li>text: an aligned table under a dashed rule, NULL shown as NULL, then "(N rows)".
 * <li>json: an array of objects, one per line, keys = column names in column order; numbers
 * are JSON numbers, NULL is null, lists, maps and structs nest. An empty result is {@code []}.
 * <li>csv: RFC 4180 with a header row; NULL is an empty field, nested values as DuckDB
 * writes them.
 * </ul>
 */
public final class ResultPrinter {
    /** Rows a text table buffers to size its columns before it starts printing. */
    private static final int TEXT_SAMPLE = 1000;

    private ResultPrinter() {
    }

    /** Prints every row of {@code rs}; returns the number of rows. */
    public static long print(ResultSet rs, Format format, PrintStream out) throws SQLException {
        return switch (format) {
            case TEXT -> text(rs, out);
            case JSON -> json(rs, out);
            case CSV -> csv(rs, out);
        };
    }

    private static long text(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        boolean[] right = new boolean[n];
        for (int i = 0; i < n; i++) {
            right[i] = Values.isNumeric(md, i + 1);
        }
        TextTable table = new TextTable(labels(md), right).withRule();
        long rows = 0;
        String[] cells = new String[n];
        while (rs.next()) {
            for (int i = 0; i < n; i++) {
                String s = rs.getString(i + 1);
                cells[i] = s == null ? "NULL" : s;
            }
            table.add(cells);
            rows++;
            if (table.buffered() >= TEXT_SAMPLE) {
                table.print(out);
            }
        }
        table.print(out);
        out.println("(" + rows + (rows == 1 ? " row)" : " rows)"));
        return rows;
    }

    private static long json(ResultSet rs, PrintStream out) throws SQLException {
        List<String> labels = labels(rs.getMetaData());
        long rows = 0;
        StringBuilder sb = new StringBuilder();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < labels.size(); i++) {
                row.put(labels.get(i), Values.plain(rs.getObject(i + 1)));
            }
            sb.setLength(0);
            sb.append(rows == 0 ? "[\n" : ",\n");
            Json.append(sb, row);
            out.print(sb);
            rows++;
        }
        out.println(rows == 0 ? "[]" : "\n]");
        return rows;
    }

    private static long csv(ResultSet rs, PrintStream out) throws SQLException {
        List<String> labels = labels(rs.getMetaData());
        out.print(Csv.record(labels));
        long rows = 0;
        List<String> fields = new ArrayList<>(labels.size());
        while (rs.next()) {
            fields.clear();
            for (int i = 0; i < labels.size(); i++) {
                fields.add(rs.getString(i + 1));
            }
            out.print(Csv.record(fields));
            rows++;
        }
        return rows;
    }

    private static List<String> labels(ResultSetMetaData md) throws SQLException {
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            labels.add(md.getColumnLabel(i));
        }
        return labels;
    }
}
