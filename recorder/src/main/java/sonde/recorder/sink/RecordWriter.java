package sonde.recorder.sink;

import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one Avro record type, each with a value writer chosen once from its Avro type
 * and the Parquet type parquet-avro converts it to: primitives, nullable unions (optional
 * fields), strings (a field's last string is re-encoded only when it changes), arrays (3-level
 * LIST) and maps (key_value groups), and nested records.
 */
final class RecordWriter {
    /** Writes one non-null value of a field. */
    private interface ValueWriter {
        void write(RecordConsumer rc, Object value);
    }

    private final String[] names;
    private final ValueWriter[] writers;

    RecordWriter(Schema avro, GroupType parquet) {
        List<Schema.Field> fields = avro.getFields();
        names = new String[fields.size()];
        writers = new ValueWriter[fields.size()];
        for (Schema.Field f : fields) {
            names[f.pos()] = f.name();
            writers[f.pos()] = writer(nonNull(f.schema()), parquet.getType(f.name()));
        }
    }

    void writeFields(RecordConsumer rc, IndexedRecord record) {
        for (int i = 0; i < names.length; i++) {
            Object v = record.get(i);
            if (v != null) {
                rc.startField(names[i], i);
                writers[i].write(rc, v);
                rc.endField(names[i], i);
            }
        }
    }

    private static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        for (Schema t : s.getTypes()) {
            if (t.getType() != Schema.Type.NULL) {
                return t;
            }
        }
        throw new IllegalArgumentException("union of nulls: " + s);
    }

    private static ValueWriter writer(Schema s, Type p) {
        return switch (s.getType()) {
            case LONG -> (rc, v) -> rc.addLong((Long) v);
            case INT -> (rc, v) -> rc.addInteger((Integer) v);
            case BOOLEAN -> (rc, v) -> rc.addBoolean((Boolean) v);
            case DOUBLE -> (rc, v) -> rc.addDouble((Double) v);
            case STRING -> new StringWriter();
            case RECORD -> record(s, p.asGroupType());
            case ARRAY -> list(s.getElementType(), p.asGroupType());
            case MAP -> map(s.getValueType(), p.asGroupType());
            default -> throw new IllegalArgumentException("sonde schemas do not use " + s.getType());
        };
    }

    private static ValueWriter record(Schema s, GroupType p) {
        RecordWriter nested = new RecordWriter(s, p);
        return (rc, v) -> {
            rc.startGroup();
            nested.writeFields(rc, (IndexedRecord) v);
            rc.endGroup();
        };
    }

    /** A 3-level LIST: group (LIST) { repeated group list { element } }. */
    private static ValueWriter list(Schema element, GroupType p) {
        GroupType repeated = p.getType(0).asGroupType();
        String listName = repeated.getName();
        String elementName = repeated.getType(0).getName();
        ValueWriter ew = writer(nonNull(element), repeated.getType(0));
        return (rc, v) -> {
            List<?> items = (List<?>) v;
            rc.startGroup();
            if (!items.isEmpty()) {
                rc.startField(listName, 0);
                for (Object item : items) {
                    rc.startGroup();
                    if (item != null) {
                        rc.startField(elementName, 0);
                        ew.write(rc, item);
                        rc.endField(elementName, 0);
                    }
                    rc.endGroup();
                }
                rc.endField(listName, 0);
            }
            rc.endGroup();
        };
    }

    /** A MAP: group (MAP) { repeated group key_value { key, value } }. */
    private static ValueWriter map(Schema value, GroupType p) {
        GroupType kv = p.getType(0).asGroupType();
        String kvName = kv.getName();
        String keyName = kv.getType(0).getName();
        String valueName = kv.getType(1).getName();
        ValueWriter vw = writer(nonNull(value), kv.getType(1));
        return (rc, v) -> {
            Map<?, ?> m = (Map<?, ?>) v;
            rc.startGroup();
            if (!m.isEmpty()) {
                rc.startField(kvName, 0);
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    rc.startGroup();
                    rc.startField(keyName, 0);
                    rc.addBinary(Binary.fromString(e.getKey().toString()));
                    rc.endField(keyName, 0);
                    if (e.getValue() != null) {
                        rc.startField(valueName, 1);
                        vw.write(rc, e.getValue());
                        rc.endField(valueName, 1);
                    }
                    rc.endGroup();
                }
                rc.endField(kvName, 0);
            }
            rc.endGroup();
        };
    }

    /** Strings repeat row after row (recording id, command, path): the last one's bytes are kept. */
    /**
     * Strings are encoded once per distinct value: a column holds the same few names (comm,
     * device, op) again and again. At most {@link #MAX_CACHED} are kept, then the cache starts
     * over.
     */
    private static final class StringWriter implements ValueWriter {
        private static final int MAX_CACHED = 1024;
        private final Map<String, Binary> encoded = new HashMap<>();
        private Object last;
        private Binary lastBinary;

        @Override
        public void write(RecordConsumer rc, Object v) {
            if (v != last) {
                String s = v.toString();
                Binary bin = encoded.get(s);
                if (bin == null) {
                    if (encoded.size() >= MAX_CACHED) {
                        encoded.clear();
                    }
                    bin = Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
                    encoded.put(s, bin);
                }
                lastBinary = bin;
                last = v;
            }
            rc.addBinary(lastBinary);
        }
    }
}
