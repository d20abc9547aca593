package sonde.analyzer.flame;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The FlameGraph corpus (brendangregg/FlameGraph's test/ folder, CDDL 1.0), a copy of which is
 * among these tests' resources (src/test/resources/flamegraph, see its README), read as files
 * from the test class path: the tests compare bytes and fold byte ranges of real files.
 */
public final class Corpus {
    private Corpus() {
    }

    public static Path dir() {
        URL readme = Corpus.class.getResource("/flamegraph/README.md");
        if (readme == null || !"file".equals(readme.getProtocol())) {
            fail("the FlameGraph corpus is not on the test class path as files (" + readme
                    + "); run the tests with Maven, which copies src/test/resources/flamegraph");
        }
        try {
            return Path.of(readme.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new AssertionError(readme.toString(), e);
        }
    }

    public static Path input(String name) {
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
