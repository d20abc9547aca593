package sonde.analyzer.out;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Markup kept in a resource file, with {@code {{name}}} slots that are filled while writing.
 * A slot's value is a string, XML-escaped on the way out, or a {@link Content} that streams
 * markup of its own (the frames of a flame graph, without building them as one string).
 * Parsed once; thread-safe.
 */
public final class Template {
    /** Markup written straight into a slot. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    private final List<String> literals = new ArrayList<>();
    private final List<String> slots = new ArrayList<>();

    private Template(String text, String name) {
        int at = 0;
        while (true) {
            int open = text.indexOf("{{", at);
            if (open < 0) {
                literals.add(text.substring(at));
                return;
            }
            int close = text.indexOf("}}", open);
            if (close < 0) {
                throw new IllegalArgumentException(name + ": unclosed {{ at offset " + open);
            }
            literals.add(text.substring(at, open));
            slots.add(text.substring(open + 2, close).trim());
            at = close + 2;
        }
    }

    /** Loads a UTF-8 template from the class path, relative to {@code anchor}'s package. */
    public static Template load(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("template " + resource + " missing from the class path");
            }
            return new Template(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("reading template " + resource, e);
        }
    }

    public static Template of(String text) {
        return new Template(text, "inline template");
    }

    /** The slot names in order of appearance (repeats included). */
    public List<String> slots() {
        return List.copyOf(slots);
    }

    /** Writes the template with every slot filled from {@code values}; a missing value is a bug. */
    public void write(Writer out, Map<String, ?> values) throws IOException {
        for (int i = 0; i < slots.size(); i++) {
            out.write(literals.get(i));
            Object v = values.get(slots.get(i));
            if (v == null) {
                throw new IllegalArgumentException("no value for slot {{" + slots.get(i) + "}}");
            }
            if (v instanceof Content c) {
                c.writeTo(out);
            } else {
                Xml.escape(v.toString(), out);
            }
        }
        out.write(literals.get(literals.size() - 1));
    }
}
