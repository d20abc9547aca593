package sonde.recorder.sink.table;

import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The row layout of one event kind, read from the kind's .avsc in the schema jar (the one
 * contract between recorder, Kafka and analyzer): its fields in order, and from them the Parquet
 * schema (exactly parquet-avro's conversion, so files read the same everywhere) and the Avro
 * schema JSON for the file footer. Avro's own parser is not used here: a local recording then
 * never starts it (nor the Jackson under it), which is a tenth of a second of start-up CPU.
 */
public final class Table {
    /** How a field's values are held. */
    public enum Type { LONG, INT, BOOLEAN, STRING, LIST, MAP }

    /**
     * One field. For a LIST, {@code item} is the element type, or null when the elements are
     * records with {@code itemFields}; for a MAP, {@code item} is the value type (keys are strings).
     */
    public record Field(String name, int pos, Type type, boolean nullable, Type item, List<Field> itemFields) {
    }

    private static final String NAMESPACE = "sonde.schema";
    /** Named types the kinds refer to, by full name, as defined in their own files. */
    private static final Map<String, String> NAMED = Map.of(NAMESPACE + ".Frame", "frame",
            NAMESPACE + ".LostEvents", "lost_events");

    public static final Table DISK_IO = load("disk_io");
    public static final Table VFS_IO = load("vfs_io");
    public static final Table CPU_SAMPLE = load("cpu_sample");
    public static final Table RECORDING = load("recording");
    public static final Table JIT_SYMBOL = load("jit_symbol");

    private final String kind;
    private final String fullName;
    private final List<Field> fields;
    private final Map<String, Field> byName = new LinkedHashMap<>();
    private final MessageType parquet;
    private final String avroJson;

    private Table(String kind, String fullName, List<Field> fields, MessageType parquet, String avroJson) {
        this.kind = kind;
        this.fullName = fullName;
        this.fields = List.copyOf(fields);
        this.parquet = parquet;
        this.avroJson = avroJson;
        fields.forEach(f -> byName.put(f.name(), f));
    }

    /** The table of the record type with this full name (sonde.schema.DiskIo), or null. */
    public static Table ofRecord(String fullName) {
        for (Table t : new Table[] {DISK_IO, VFS_IO, CPU_SAMPLE, RECORDING, JIT_SYMBOL}) {
            if (t.fullName.equals(fullName)) {
                return t;
            }
        }
        return null;
    }

    /** The directory and topic name: disk_io, vfs_io, cpu_sample, recording, jit_symbol. */
    public String kind() {
        return kind;
    }

    /** The Avro record's full name (sonde.schema.DiskIo). */
    public String fullName() {
        return fullName;
    }

    public List<Field> fields() {
        return fields;
    }

    /** A field's position (the Avro field number), or an exception naming the field. */
    public int pos(String name) {
        Field f = byName.get(name);
        if (f == null) {
            throw new IllegalArgumentException(kind + " has no field " + name);
        }
        return f.pos();
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    public MessageType parquet() {
        return parquet;
    }

    /** The Avro schema, named types written out where first used, as Avro-aware Parquet readers want it. */
    public String avroJson() {
        return avroJson;
    }

    @SuppressWarnings("unchecked")
    private static Table load(String kind) {
        Map<String, Object> schema = (Map<String, Object>) Json.parse(resource(kind));
        String fullName = fullName(schema);
        List<Field> fields = fields(schema);
        MessageType parquet = new MessageType(fullName, groupFields(fields));
        Map<String, Object> inlined = (Map<String, Object>) inline(schema, new HashSet<>(Set.of(fullName)));
        return new Table(kind, fullName, fields, parquet, Json.write(inlined));
    }

    private static String resource(String name) {
        try (InputStream in = Table.class.getResourceAsStream("/sonde/schema/" + name + ".avsc")) {
            if (in == null) {
                throw new IllegalStateException("sonde/schema/" + name + ".avsc is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fullName(Map<String, Object> record) {
        String name = (String) record.get("name");
        Object ns = record.get("namespace");
        return name.contains(".") || ns == null ? name : ns + "." + name;
    }

    @SuppressWarnings("unchecked")
    private static List<Field> fields(Map<String, Object> record) {
        List<Field> out = new ArrayList<>();
        for (Object o : (List<Object>) record.get("fields")) {
            Map<String, Object> f = (Map<String, Object>) o;
            Object type = f.get("type");
            boolean nullable = false;
            if (type instanceof List<?> union) {
                nullable = union.contains("null");
                type = union.stream().filter(t -> !"null".equals(t)).findFirst().orElseThrow();
            }
            String name = (String) f.get("name");
            if (type instanceof Map<?, ?> complex) {
                Object items = complex.get("items");
                Object values = complex.get("values");
                if ("array".equals(complex.get("type"))) {
                    Map<String, Object> rec = named(items);
                    out.add(new Field(name, out.size(), Type.LIST, nullable, rec == null ? primitive(items) : null,
                            rec == null ? List.of() : fields(rec)));
                } else if ("map".equals(complex.get("type"))) {
                    out.add(new Field(name, out.size(), Type.MAP, nullable, primitive(values), List.of()));
                } else {
                    throw new IllegalArgumentException("sonde rows do not hold " + complex.get("type") + " (" + name + ")");
                }
            } else {
                out.add(new Field(name, out.size(), primitive(type), nullable, null, List.of()));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> named(Object type) {
        if (type instanceof Map<?, ?> m && "record".equals(m.get("type"))) {
            return (Map<String, Object>) m;
        }
        String file = type instanceof String s ? NAMED.get(s.contains(".") ? s : NAMESPACE + "." + s) : null;
        return file == null ? null : (Map<String, Object>) Json.parse(resource(file));
    }

    private static Type primitive(Object type) {
        return switch (String.valueOf(type)) {
            case "long" -> Type.LONG;
            case "int" -> Type.INT;
            case "boolean" -> Type.BOOLEAN;
            case "string" -> Type.STRING;
            default -> throw new IllegalArgumentException("sonde rows do not hold " + type);
        };
    }

    /** Fields as parquet-avro converts them (3-level lists, key_value maps, strings as STRING). */
    private static List<org.apache.parquet.schema.Type> groupFields(List<Field> fields) {
        List<org.apache.parquet.schema.Type> out = new ArrayList<>();
        for (Field f : fields) {
            Repetition r = f.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
            out.add(switch (f.type()) {
                case LIST -> {
                    org.apache.parquet.schema.Type element = f.item() != null
                            ? primitive(Repetition.REQUIRED, f.item(), "element")
                            : new GroupType(Repetition.REQUIRED, "element", groupFields(f.itemFields()));
                    yield Types.buildGroup(r).as(LogicalTypeAnnotation.listType())
                            .addField(Types.repeatedGroup().addField(element).named("list")).named(f.name());
                }
                case MAP -> Types.buildGroup(r).as(LogicalTypeAnnotation.mapType())
                        .addField(Types.repeatedGroup().addField(primitive(Repetition.REQUIRED, Type.STRING, "key"))
                                .addField(primitive(Repetition.REQUIRED, f.item(), "value")).named("key_value"))
                        .named(f.name());
                default -> primitive(r, f.type(), f.name());
            });
        }
        return out;
    }

    private static Map<String, Object> javaString(Map<String, Object> type) {
        type.put("avro.java.string", "String");
        return type;
    }

    private static PrimitiveType primitive(Repetition r, Type t, String name) {
        return switch (t) {
            case LONG -> Types.primitive(PrimitiveType.PrimitiveTypeName.INT64, r).named(name);
            case INT -> Types.primitive(PrimitiveType.PrimitiveTypeName.INT32, r).named(name);
            case BOOLEAN -> Types.primitive(PrimitiveType.PrimitiveTypeName.BOOLEAN, r).named(name);
            case STRING -> Types.primitive(PrimitiveType.PrimitiveTypeName.BINARY, r)
                    .as(LogicalTypeAnnotation.stringType()).named(name);
            default -> throw new IllegalArgumentException(t + " is not a primitive");
        };
    }

    /**
     * The schema with each named type's definition where it is first used, and the property the
     * schema's Java classes were generated with (strings are java.lang.String), as Avro writes it.
     */
    @SuppressWarnings("unchecked")
    private static Object inline(Object type, Set<String> defined) {
        if (type instanceof String s) {
            if (s.equals("string")) {
                return javaString(new LinkedHashMap<>(Map.of("type", "string")));
            }
            String full = s.contains(".") ? s : NAMESPACE + "." + s;
            if (NAMED.containsKey(full) && defined.add(full)) {
                return inline(Json.parse(resource(NAMED.get(full))), defined);
            }
            return s;
        }
        if (type instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(t -> out.add(inline(t, defined)));
            return out;
        }
        if (type instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = e.getKey().toString();
                boolean isType = k.equals("type") || k.equals("items") || k.equals("values") || k.equals("fields");
                out.put(k, isType ? inline(e.getValue(), defined) : e.getValue());
            }
            return "map".equals(out.get("type")) ? javaString(out) : out;
        }
        return type;
    }
}
