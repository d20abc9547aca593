package sonde.analyzer.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The event kinds a recording directory may hold, each with its Avro schema read from the
 * schema jar ({@code sonde/schema/<kind>.avsc}). A kind whose .avsc is not in the jar yet is
 * skipped, so a view appears for {@code vfs_io} the day its schema lands, with no change here.
 */
public final class Kinds {
    /** Every kind, in the order views are created and named in messages. */
    static final List<String> KNOWN = List.of("disk_io", "vfs_io", "cpu_sample", "recording", "jit_symbol");

    /**
     * Schema files that define nested types the kinds refer to by name (not kinds: they have
     * no directory of their own). Avro needs them parsed first; add a new one here.
     */
    static final List<String> NESTED = List.of("lost_events", "frame");

    private static final String SCHEMA_DIR = "sonde/schema/";

    /** A kind: its directory and view name, and the record schema of its rows. */
    public record Kind(String name, Schema schema) {
    }

    private Kinds() {
    }

    /** The kinds whose schema is in the schema jar, in {@link #KNOWN} order. */
    public static List<Kind> available() {
        Schema.Parser parser = new Schema.Parser();
        for (String nested : NESTED) {
            String json = read(nested);
            if (json != null) {
                parser.parse(json);
            }
        }
        List<Kind> kinds = new ArrayList<>();
        for (String name : KNOWN) {
            String json = read(name);
            if (json != null) {
                kinds.add(new Kind(name, parser.parse(json)));
            }
        }
        return List.copyOf(kinds);
    }

    private static String read(String name) {
        String resource = SCHEMA_DIR + name + ".avsc";
        try (InputStream in = Kinds.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}
