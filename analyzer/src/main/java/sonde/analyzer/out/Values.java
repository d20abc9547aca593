package sonde.analyzer.out;

import java.sql.Array;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBStruct;

/**
 * What DuckDB's JDBC driver hands out, made plain for the writers: LIST becomes a List, MAP a
 * Map, STRUCT a Map of its fields in order; numbers and booleans stay; the rest (dates,
 * timestamps, UUIDs...) becomes its string.
 */
public final class Values {
    private static final Set<Integer> NUMERIC_JDBC = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER,
            Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE, Types.NUMERIC, Types.DECIMAL);
    private static final Set<String> NUMERIC_DUCK = Set.of("HUGEINT", "UHUGEINT", "UBIGINT", "UINTEGER",
            "USMALLINT", "UTINYINT");

    private Values() {
    }

    public static Object plain(Object v) throws SQLException {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof Array a) {
            List<Object> items = new ArrayList<>();
            for (Object item : (Object[]) a.getArray()) {
                items.add(plain(item));
            }
            return items;
        }
        if (v instanceof DuckDBStruct s) {
            return plainMap(s.getMap());
        }
        if (v instanceof Struct s) {
            return plain(List.of(s.getAttributes()));
        }
        if (v instanceof Map<?, ?> m) {
            return plainMap(m);
        }
        if (v instanceof List<?> l) {
            List<Object> items = new ArrayList<>();
            for (Object item : l) {
                items.add(plain(item));
            }
            return items;
        }
        return v.toString();
    }

    /** A value as text, the way the text and CSV formats show it. */
    public static String text(Object v) throws SQLException {
        return String.valueOf(plain(v));
    }

    public static boolean isNumeric(ResultSetMetaData md, int column) throws SQLException {
        return NUMERIC_JDBC.contains(md.getColumnType(column)) || NUMERIC_DUCK.contains(md.getColumnTypeName(column));
    }

    private static Map<String, Object> plainMap(Map<?, ?> m) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), plain(e.getValue()));
        }
        return out;
    }
}
