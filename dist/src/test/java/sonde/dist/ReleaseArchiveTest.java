package sonde.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The release archive, unpacked into an empty directory, runs from there with only a Java 17. */
class ReleaseArchiveTest {
    /** Issue 16: at most 110 MB (157 MB when both modules' lib folders were copied). */
    private static final long MAX_BYTES = 110L * 1000 * 1000;

    @Test
    void unpackedAnywhereItRecordsAndReports(@TempDir Path tmp) throws Exception {
        Path archive = Installed.artifact("sonde-*-linux.tar.gz");
        assertTrue(Files.size(archive) <= MAX_BYTES, archive + " is " + Files.size(archive) + " bytes");
        Path into = Files.createDirectory(tmp.resolve("unpacked"));
        Installed.run(List.of("tar", "-xzf", archive.toString(), "-C", into.toString()), Map.of());
        Path home = into.resolve("sonde-" + Installed.VERSION);
        Path sonde = home.resolve("bin/sonde");
        assertTrue(Files.isExecutable(sonde), sonde + " executable");
        assertOneOfEachJar(home.resolve("lib"));

        Installed.recordsAndReports(sonde, tmp, Map.of());
        // the recorder's class-data-sharing archive went to the user's cache, not into the unpacked tree
        try (Stream<Path> cache = Files.list(tmp.resolve("cache/sonde"))) {
            assertTrue(cache.anyMatch(p -> p.toString().endsWith(".jsa")), "a .jsa in the cache");
        }
        try (Stream<Path> files = Files.walk(home)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".jsa")), "nothing written into the tree");
        }
    }

    /** Every artifact once: no jar in two versions (Jackson was 2.21.7 and 2.22.1 in the two lib folders). */
    static void assertOneOfEachJar(Path lib) throws Exception {
        Map<String, String> byArtifact = new TreeMap<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.toList()) {
                String name = jar.getFileName().toString();
                assertTrue(name.endsWith(".jar"), name);
                String artifact = name.replaceFirst("-[0-9][^-]*(-SNAPSHOT)?\\.jar$", "");
                String before = byArtifact.put(artifact, name);
                assertEquals(null, before, "two versions of " + artifact + ": " + before + ", " + name);
            }
        }
        assertTrue(byArtifact.containsKey("sonde-recorder") && byArtifact.containsKey("sonde-analyzer"), byArtifact.toString());
        assertTrue(byArtifact.keySet().stream().noneMatch(a -> a.startsWith("junit") || a.startsWith("hadoop")),
                "no test or compile-only jars: " + byArtifact.keySet());
    }
}
