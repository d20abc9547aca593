package sonde.analyzer.flame;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The FlameGraph corpus, read in place from ../shared/testdata/flamegraph. */
final class Corpus {
    private Corpus() {
    }

    static Path dir() {
        String root = System.getProperty("sonde.root");
        if (root == null) {
            fail("system property sonde.root (the project root) is not set; run the tests with Maven");
        }
        Path dir = Path.of(root).resolve("../shared/testdata/flamegraph").normalize();
        if (!Files.isDirectory(dir)) {
            fail("corpus not found at " + dir);
        }
        return dir;
    }

    static Path input(String name) {
        return dir().resolve(name + ".txt");
    }

    static Path expected(String name, String option) {
        return dir().resolve("results").resolve(name + "-collapsed-" + option + ".txt");
    }

    /** Fails with the first line that differs, rather than two megabytes of text. */
    static void assertSameBytes(byte[] expected, byte[] actual, String what) {
        if (java.util.Arrays.equals(expected, actual)) {
            return;
        }
        String[] e = new String(expected, StandardCharsets.ISO_8859_1).split("\n", -1);
        String[] a = new String(actual, StandardCharsets.ISO_8859_1).split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i] : "<end>";
            String al = i < a.length ? a[i] : "<end>";
            if (!el.equals(al)) {
                fail(what + ": line " + (i + 1) + " differs\nexpected: " + el + "\nactual:   " + al);
            }
        }
        fail(what + ": bytes differ");
    }
}
