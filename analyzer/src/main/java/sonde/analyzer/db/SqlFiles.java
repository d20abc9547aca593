package sonde.analyzer.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The canned queries: plain SQL files under {@code sonde/analyzer/sql/} in the analyzer jar
 * (analyzer/src/main/resources in the source tree), each runnable as-is with {@code sonde sql
 * DIR --file NAME.sql} after {@code SET VARIABLE} lines for its parameters.
 */
public final class SqlFiles {
    public static final String DIR = "sonde/analyzer/sql/";

    private SqlFiles() {
    }

    /** The text of {@code name} ("top.sql"). */
    public static String load(String name) {
        String resource = DIR + name;
        try (InputStream in = SqlFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    /** Where {@code name} lives in the jar, for help texts. */
    public static String path(String name) {
        return DIR + name;
    }
}
