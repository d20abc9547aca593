package sonde.recorder.sink.kafka;

import org.apache.avro.Schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every released version of the event schemas, from the schema jar
 * ({@code sonde/schema/history/VERSIONS} and one directory per version, see
 * schema/src/main/avro-history/README.md): the writer schemas an ingester must be able to read.
 */
public final class SchemaHistory {
    private static final String DIR = "sonde/schema/history/";
    /** Named types the kinds refer to; parsed first in every version. */
    private static final List<String> NESTED = List.of("lost_events", "frame");

    private SchemaHistory() {
    }

    /** Old writer schemas by kind, oldest version first (the current ones are not included). */
    public static Map<String, List<Schema>> load() {
        Map<String, List<Schema>> byKind = new LinkedHashMap<>();
        String versions = read(DIR + "VERSIONS");
        if (versions == null) {
            return byKind;
        }
        for (String v : versions.split("\\R")) {
            if (v.isBlank()) {
                continue;
            }
            Schema.Parser parser = new Schema.Parser();
            for (String nested : NESTED) {
                String json = read(DIR + v.trim() + "/" + nested + ".avsc");
                if (json != null) {
                    parser.parse(json);
                }
            }
            for (String kind : Topics.KINDS) {
                String json = read(DIR + v.trim() + "/" + kind + ".avsc");
                if (json != null) {
                    byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(parser.parse(json));
                }
            }
        }
        return byKind;
    }

    private static String read(String resource) {
        try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}
