package sonde.analyzer.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/sonde/analyzer/flame, compared byte for byte. Run with
 * {@code -Dsonde.updateGoldens=true} to rewrite them after an intended change, then review
 * the diff before committing.
 */
final class Goldens {
    private Goldens() {
    }

    static Path dir() {
        return Path.of(System.getProperty("sonde.root"), "analyzer/src/test/resources/sonde/analyzer/flame");
    }

    static String read(String name) throws IOException {
        return Files.readString(dir().resolve(name), StandardCharsets.UTF_8);
    }

    static void assertMatches(String name, String actual) throws IOException {
        Path golden = dir().resolve(name);
        if (Boolean.getBoolean("sonde.updateGoldens")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(golden)) {
            throw new AssertionError("no golden file " + golden + "; run with -Dsonde.updateGoldens=true to create it");
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
                name + " differs from its golden file; if intended, rerun with -Dsonde.updateGoldens=true and review");
    }
}
