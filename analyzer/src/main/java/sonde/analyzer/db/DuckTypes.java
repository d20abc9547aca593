package sonde.analyzer.db;

import java.util.List;
import java.util.StringJoiner;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * DuckDB column types for Avro schemas, as DuckDB reads the Parquet that parquet-avro writes:
 * a ["null", T] union is a nullable T, a map is MAP(VARCHAR, V), an array is a LIST, a record
 * a STRUCT. Used to give a kind with no files yet an empty view of the right shape.
 */
final class DuckTypes {
    private DuckTypes() {
    }

    static String of(Schema s) {
        LogicalType logical = s.getLogicalType();
        return switch (s.getType()) {
            case UNION -> of(nonNull(s));
            case RECORD -> struct(s.getFields());
            case ARRAY -> of(s.getElementType()) + "[]";
            case MAP -> "MAP(VARCHAR, " + of(s.getValueType()) + ")";
            case STRING, ENUM -> "VARCHAR";
            case BOOLEAN -> "BOOLEAN";
            case INT -> logical instanceof LogicalTypes.Date ? "DATE"
                    : logical instanceof LogicalTypes.TimeMillis ? "TIME" : "INTEGER";
            case LONG -> longType(logical);
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case BYTES, FIXED -> logical instanceof LogicalTypes.Decimal d
                    ? "DECIMAL(" + d.getPrecision() + ", " + d.getScale() + ")" : "BLOB";
            case NULL -> "INTEGER";
        };
    }

    /** A SQL identifier in double quotes, so that any field name is safe. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String longType(LogicalType logical) {
        // parquet-avro writes timestamps with isAdjustedToUTC=true, which DuckDB reads as TIMESTAMPTZ
        if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros) {
            return "TIMESTAMP WITH TIME ZONE";
        }
        return logical instanceof LogicalTypes.TimeMicros ? "TIME" : "BIGINT";
    }

    private static String struct(List<Schema.Field> fields) {
        StringJoiner j = new StringJoiner(", ", "STRUCT(", ")");
        for (Schema.Field f : fields) {
            j.add(quote(f.name()) + " " + of(f.schema()));
        }
        return j.toString();
    }

    private static Schema nonNull(Schema union) {
        Schema only = null;
        for (Schema branch : union.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                if (only != null) {
                    throw new IllegalArgumentException("union of several types has no DuckDB column type: " + union);
                }
                only = branch;
            }
        }
        if (only == null) {
            throw new IllegalArgumentException("union of null only: " + union);
        }
        return only;
    }
}
