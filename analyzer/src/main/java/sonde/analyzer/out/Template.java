package sonde.analyzer.out;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A markup template from the analyzer's resources with marked slots, {@code {{name}}}, that
 * the Java fills in while streaming: the markup, styles and scripts stay in the resource, and
 * the code writes only the parts that depend on the data. A slot may appear several times.
 * Values are written as given; escaping is the caller's (see {@link Xml}).
 */
public final class Template {
    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z_]+)}}");

    /** Writes a slot's content. */
    @FunctionalInterface
    public interface Slot {
        void write(Appendable out) throws IOException;
    }

    private final String name;
    private final List<String> literals;
    private final List<String> slots;

    private Template(String name, List<String> literals, List<String> slots) {
        this.name = name;
        this.literals = literals;
        this.slots = slots;
    }

    /** Loads {@code resource} (a class-path path, e.g. "sonde/analyzer/heatmap/heatmap.svg.tmpl"). */
    public static Template load(String resource) {
        try (InputStream in = Template.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    static Template parse(String name, String text) {
        List<String> literals = new ArrayList<>();
        List<String> slots = new ArrayList<>();
        Matcher m = SLOT.matcher(text);
        int from = 0;
        while (m.find()) {
            literals.add(text.substring(from, m.start()));
            slots.add(m.group(1));
            from = m.end();
        }
        literals.add(text.substring(from));
        return new Template(name, List.copyOf(literals), List.copyOf(slots));
    }

    /** A slot holding fixed text. */
    public static Slot text(String s) {
        return out -> out.append(s);
    }

    /** The slot names, in order of first appearance. */
    public Set<String> slots() {
        return new LinkedHashSet<>(slots);
    }

    /** Streams the template to {@code out}; every slot must have a value, and every value a slot. */
    public void render(Appendable out, Map<String, Slot> values) throws IOException {
        if (!values.keySet().equals(slots())) {
            throw new IllegalArgumentException(name + " has slots " + slots() + ", given " + values.keySet());
        }
        for (int i = 0; i < slots.size(); i++) {
            out.append(literals.get(i));
            values.get(slots.get(i)).write(out);
        }
        out.append(literals.get(literals.size() - 1));
    }
}
