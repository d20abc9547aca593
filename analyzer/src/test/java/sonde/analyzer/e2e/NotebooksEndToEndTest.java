package sonde.analyzer.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every notebook in notebooks/ runs in real Jupyter against a recording of a known workload. */
class NotebooksEndToEndTest {
    @TempDir
    static Path tmp;
    @TempDir(factory = OnDisk.class)
    static Path disk;
    static Path recording;
    static Path sonde;

    @BeforeAll
    static void record() throws Exception {
        Privileged.requireTracing();
        Privileged.requireTool("jupyter");
        recording = KnownRecording.make(tmp.resolve("rec"), disk).dir();
        // the analyzer as the notebooks call it, on the test class path (the jars are built after the tests)
        sonde = tmp.resolve("sonde");
        Files.writeString(sonde, "#!/bin/sh\nexec " + String.join(" ", Jvm.command("sonde.analyzer.Main", List.of()).stream()
                .map(a -> "'" + a + "'").toList()) + " \"$@\"\n");
        Files.setPosixFilePermissions(sonde, PosixFilePermissions.fromString("rwx------"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"incident-triage", "latency-deep-dive", "cpu"})
    void runsWithoutAFailingCell(String name) throws Exception {
        Path notebook = Path.of(System.getProperty("sonde.root"), "notebooks", name + ".ipynb");
        assertTrue(Files.isRegularFile(notebook), notebook.toString());
        Jvm.Result r = Jvm.run(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=300", "--output-dir", tmp.resolve("executed").toString(), notebook.toString()),
                Map.of("SONDE_DIR", recording.toString(), "SONDE", sonde.toString(), "PYDEVD_DISABLE_FILE_VALIDATION", "1",
                        // what the notebooks and the kernel write on the side (cpu's slice.svg), removed with tmp
                        "TMPDIR", Files.createDirectories(tmp.resolve("tmp")).toString(),
                        "JUPYTER_RUNTIME_DIR", Files.createDirectories(tmp.resolve("runtime")).toString()));
        assertEquals(0, r.exit(), name + ": " + r.out() + r.err());
        Path executed = tmp.resolve("executed").resolve(name + ".ipynb");
        assertTrue(Files.size(executed) > Files.size(notebook), "outputs kept");
        // human units (issue 18): no epoch nanoseconds or scientific notation in what a reader sees
        StringBuilder shown = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonNode cell : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(executed.toFile()).get("cells")) {
            for (com.fasterxml.jackson.databind.JsonNode out : cell.path("outputs")) {
                out.path("text").forEach(t -> shown.append(t.asText()));
                out.path("data").path("text/plain").forEach(t -> shown.append(t.asText()));
            }
        }
        if (name.equals("cpu")) { // the flame graph in exported HTML: with its viewBox, not a 150-px empty band
            Jvm.Result html = Jvm.run(List.of("jupyter", "nbconvert", "--to", "html", "--output-dir",
                    tmp.resolve("html").toString(), executed.toString()), Map.of("PYDEVD_DISABLE_FILE_VALIDATION", "1"));
            assertEquals(0, html.exit(), html.out() + html.err());
            String page = Files.readString(tmp.resolve("html").resolve("cpu.html"));
            assertTrue(java.util.regex.Pattern.compile("<svg [^>]*viewBox=\"0 0 1200 ").matcher(page).find(),
                    "the flame graph's svg keeps its viewBox in the HTML");
        }
        assertFalse(java.util.regex.Pattern.compile("\\d\\.\\d+e[+-]\\d\\d|\\b1[0-9]{18}\\b").matcher(shown).find(),
                name + " shows raw numbers:\n" + shown);
    }
}
