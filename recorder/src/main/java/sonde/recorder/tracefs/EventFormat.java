package sonde.recorder.tracefs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tracepoint's layout as the kernel describes it in events/SYSTEM/NAME/format. Decoders look
 * fields up by name once at start; no offset is hard-coded and no kernel version is checked.
 */
public final class EventFormat {
    private static final Pattern FIELD = Pattern.compile(
            "^\\s*field:(.+?);\\s*offset:(\\d+);\\s*size:(\\d+);\\s*signed:(\\d+);");
    private static final Pattern ARRAY = Pattern.compile("^(.*?)\\s*\\[(\\d*)\\]$");

    private final String system;
    private final String name;
    private final int id;
    private final Map<String, Field> fields;

    private EventFormat(String system, String name, int id, Map<String, Field> fields) {
        this.system = system;
        this.name = name;
        this.id = id;
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** Parses the text of a format file; {@code system} is the directory it was read from. */
    public static EventFormat parse(String system, String text) {
        String name = null;
        int id = -1;
        Map<String, Field> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("name:")) {
                name = line.substring(5).trim();
            } else if (line.startsWith("ID:")) {
                id = Integer.parseInt(line.substring(3).trim());
            } else {
                Matcher m = FIELD.matcher(line);
                if (m.find()) {
                    Field f = field(m.group(1).trim(), Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)), m.group(4).equals("1"));
                    fields.put(f.name(), f);
                }
            }
        }
        if (name == null || id < 0 || fields.isEmpty()) {
            throw new IllegalArgumentException("not a tracepoint format description (no name, ID or fields)");
        }
        return new EventFormat(system, name, id, fields);
    }

    private static Field field(String declaration, int offset, int size, boolean signed) {
        Field.Layout layout = Field.Layout.SCALAR;
        String decl = declaration;
        if (decl.startsWith("__data_loc ")) {
            layout = Field.Layout.DATA_LOC;
            decl = decl.substring("__data_loc ".length());
        } else if (decl.startsWith("__rel_loc ")) {
            layout = Field.Layout.REL_LOC;
            decl = decl.substring("__rel_loc ".length());
        }
        int space = decl.lastIndexOf(' ');
        String type = space < 0 ? "" : decl.substring(0, space).trim();
        String name = decl.substring(space + 1).trim();
        Matcher array = ARRAY.matcher(name);
        if (array.matches()) {
            name = array.group(1);
            type = type + "[]";
            if (layout == Field.Layout.SCALAR) {
                layout = Field.Layout.ARRAY;
            }
        }
        if (type.endsWith("[]") && layout == Field.Layout.SCALAR) {
            layout = Field.Layout.ARRAY;
        }
        return new Field(name, type, offset, size, signed, layout);
    }

    public String system() {
        return system;
    }

    public String name() {
        return name;
    }

    /** "block:block_rq_issue" */
    public String qualifiedName() {
        return system + ":" + name;
    }

    /** The common_type value events of this tracepoint carry. */
    public int id() {
        return id;
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** The named field; a missing one is an error naming the tracepoint and the field. */
    public Field field(String field) {
        Field f = fields.get(field);
        if (f == null) {
            throw new IllegalStateException("tracepoint " + qualifiedName() + " has no field '" + field
                    + "' on this kernel (fields: " + String.join(", ", fields.keySet()) + ")");
        }
        return f;
    }

    public List<Field> fields() {
        return new ArrayList<>(fields.values());
    }
}
