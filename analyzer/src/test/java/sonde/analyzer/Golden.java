package sonde.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Text output compared with a golden file under src/test/resources/sonde/analyzer/golden/.
 * Run with -Dsonde.golden.update=true to rewrite them, then read the diff before committing.
 */
public final class Golden {
    private Golden() {
    }

    public static void assertMatches(String name, String actual) {
        if (Boolean.getBoolean("sonde.golden.update")) {
            Path file = Path.of(System.getProperty("sonde.root"), "analyzer/src/test/resources/sonde/analyzer/golden", name);
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        try (InputStream in = Golden.class.getResourceAsStream("golden/" + name)) {
            if (in == null) {
                throw new AssertionError("no golden file " + name + " (run with -Dsonde.golden.update=true)");
            }
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual, name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
