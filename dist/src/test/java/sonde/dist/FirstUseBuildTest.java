package sonde.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ./sonde on an unbuilt copy of the checkout: it builds the main code only (no test is compiled,
 * no test jar made), says every few seconds that it is still building, then runs the command.
 */
class FirstUseBuildTest {
    /** The longest silence allowed while building; the launcher reports every 3 s. */
    private static final long MAX_SILENCE_MS = 6_000;

    @Test
    void anUnbuiltCheckoutBuildsWithoutTestsAndShowsProgress(@TempDir Path tmp) throws Exception {
        Path root = Path.of(System.getProperty("sonde.root"));
        Path clone = Files.createDirectory(tmp.resolve("clone"));
        // the checkout's files as git knows them (tracked and new, not ignored: no target/)
        Process ls = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-co", "--exclude-standard", "-z")
                .redirectErrorStream(true).start();
        String[] files = new String(ls.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\0");
        assertEquals(0, ls.waitFor());
        for (String f : files) {
            Path from = root.resolve(f);
            if (!f.isEmpty() && Files.isRegularFile(from)) {
                Path to = clone.resolve(f);
                Files.createDirectories(to.getParent());
                Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(clone.resolve("sonde").toString(), "--version").redirectErrorStream(true);
        // this build's local repository: the dependencies are there already, nothing is downloaded twice
        pb.environment().put("MAVEN_OPTS", "-Dmaven.repo.local=" + System.getProperty("sonde.m2"));
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        long last = System.currentTimeMillis();
        long longestSilence = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                long now = System.currentTimeMillis();
                if (line.startsWith("sonde: build")) {
                    longestSilence = Math.max(longestSilence, now - last);
                }
                last = now;
                lines.add(line);
            }
        }
        assertTrue(p.waitFor(15, TimeUnit.MINUTES));
        String out = String.join("\n", lines);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("sonde " + Installed.VERSION), out);
        assertTrue(out.contains("sonde: built in"), out);
        assertTrue(longestSilence <= MAX_SILENCE_MS, "silent for " + longestSilence + " ms while building:\n" + out);
        for (String module : List.of("schema", "recorder", "analyzer")) {
            assertTrue(Files.isRegularFile(clone.resolve(module).resolve("target")
                    .resolve(module.equals("schema") ? "sonde-schema-" + Installed.VERSION + ".jar" : "sonde-" + module + ".jar")), module);
            assertFalse(Files.exists(clone.resolve(module).resolve("target/test-classes")), module + ": tests compiled");
        }
        try (Stream<Path> jars = Files.list(clone.resolve("recorder/target"))) {
            assertTrue(jars.noneMatch(j -> j.toString().endsWith("-tests.jar")), "no test jar");
        }
        assertFalse(Files.exists(clone.resolve("dist/target")), "dist is not built for the launcher");
    }
}
