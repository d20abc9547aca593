package sonde.dist;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The end of a build's tests, run by dist (the last module) after its own: every
 * module's tests of this build, from their surefire reports, with the failures named. With
 * -Dmaven.test.failure.ignore=true (README, .ci/run) a module whose tests fail does not stop the
 * next one from being built and tested, and this is where the build fails then. Not run as
 * a test of its own (see dist's pom).
 */
class AllModulesTest {
    /** One module's totals. */
    private record Totals(int tests, int failures, int errors, int skipped, List<String> failed) {
    }

    @Test
    void everyTestOfEveryModulePassed() throws Exception {
        Path root = Path.of(System.getProperty("sonde.root"));
        String startedAt = System.getProperty("sonde.build.started", "");
        // the build's start, to the second; a report written before it is an earlier build's
        Instant started = startedAt.isEmpty() ? Instant.EPOCH : Instant.parse(startedAt).minusSeconds(1);
        Map<String, Totals> modules = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path module : dirs.filter(d -> Files.isDirectory(d.resolve("target/surefire-reports"))).sorted().toList()) {
                Totals t = totals(module.resolve("target/surefire-reports"), started);
                if (t.tests() > 0) {
                    modules.put(module.getFileName().toString(), t);
                }
            }
        }
        List<String> failed = new ArrayList<>();
        StringBuilder table = new StringBuilder("tests of this build, by module:\n");
        modules.forEach((name, t) -> {
            table.append(String.format("  %-10s %5d tests, %d failures, %d errors, %d skipped%n", name, t.tests(),
                    t.failures(), t.errors(), t.skipped()));
            t.failed().forEach(f -> failed.add(name + ": " + f));
        });
        System.out.print(table);
        assertEquals(List.of(), failed, "failed tests (their reports are in each module's target/surefire-reports)");
    }

    private static Totals totals(Path reports, Instant started) throws Exception {
        int tests = 0;
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        List<String> failed = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(reports)) {
            files = s.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).filter(p -> newer(p, started)).toList();
        }
        var parser = DocumentBuilderFactory.newInstance().newDocumentBuilder();
        for (Path f : files) {
            Element suite = parser.parse(f.toFile()).getDocumentElement();
            tests += Integer.parseInt(suite.getAttribute("tests"));
            failures += Integer.parseInt(suite.getAttribute("failures"));
            errors += Integer.parseInt(suite.getAttribute("errors"));
            skipped += Integer.parseInt(suite.getAttribute("skipped"));
            var cases = suite.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                if (c.getElementsByTagName("failure").getLength() > 0 || c.getElementsByTagName("error").getLength() > 0) {
                    failed.add(c.getAttribute("classname") + "." + c.getAttribute("name"));
                }
            }
        }
        return new Totals(tests, failures, errors, skipped, failed);
    }

    private static boolean newer(Path p, Instant started) {
        try {
            return !Files.getLastModifiedTime(p).toInstant().isBefore(started);
        } catch (IOException e) {
            return false;
        }
    }
}
