package sonde.analyzer.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.SondeRun;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.Named;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java frames named however late the JVM writes its perf map (issue 13 item 6): a Java busy loop
 * (JitSpin, on a thread of a name of its own that the recording keeps to) recorded with
 * --profile while its map appears only at its exit (-XX:+DumpPerfMapAtExit), when jcmd asks
 * for it midway, or when the recorder asks at the end (--jvm-perfmap). Before, frames sampled
 * before the map existed stayed [unknown]: 1.3% of the loop's samples were named with
 * DumpPerfMapAtExit, 54% with jcmd at +5 s (perf: 99.4% and 97.7%, as it names at report time).
 */
class JitEndToEndTest {
    /** At least this share of the loop's samples must name it (or its callers in JIT code). */
    private static final double NAMED = 0.95;

    @TempDir
    Path tmp;

    private final List<Process> jvms = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : jvms) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(Path.of("/tmp/perf-" + p.pid() + ".map"));
        }
    }

    @Test
    void aMapWrittenAtExitNamesTheLoopsSamples() throws Exception {
        Privileged.requirePerf();
        String comm = Named.uniqueComm("jit");
        Attempts.Made rec = Attempts.retryOnLoss(tmp, out -> {
            try (RecorderProcess r = RecorderProcess.start(out, "--profile", "-c", comm)) {
                Process jvm = spin(comm, 4, "-XX:+UnlockDiagnosticVMOptions", "-XX:+DumpPerfMapAtExit");
                assertEquals(0, jvm.waitFor(), "the busy loop's JVM");
                Thread.sleep(500); // its exit reaches the recorder
                return new Attempts.Made(out, r.finish("TERM").err());
            }
        });
        assertNamed(rec.dir(), comm);
    }

    @Test
    void aMapAskedForMidwayNamesTheSamplesTakenBefore() throws Exception {
        Privileged.requirePerf();
        String comm = Named.uniqueComm("jit");
        Attempts.Made rec = Attempts.retryOnLoss(tmp, out -> {
            try (RecorderProcess r = RecorderProcess.start(out, "--profile", "-c", comm)) {
                Process jvm = spin(comm, 7);
                Thread.sleep(4000); // compiled by now: the map names the code the loop runs to its end
                Jvm.Result jcmd = Jvm.run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        String.valueOf(jvm.pid()), "Compiler.perfmap"), java.util.Map.of());
                assertEquals(0, jcmd.exit(), jcmd.out() + jcmd.err());
                assertEquals(0, jvm.waitFor(), "the busy loop's JVM");
                return new Attempts.Made(out, r.finish("TERM").err());
            }
        });
        assertNamed(rec.dir(), comm);
    }

    @Test
    void theRecorderAsksARunningJvmForItsMapAtTheEnd() throws Exception {
        Privileged.requirePerf();
        String comm = Named.uniqueComm("jit");
        Attempts.Made rec = Attempts.retryOnLoss(tmp, out -> {
            try (RecorderProcess r = RecorderProcess.start(out, "--profile", "--jvm-perfmap", "-c", comm)) {
                Process jvm = spin(comm, 600);
                Thread.sleep(4000);
                Attempts.Made made = new Attempts.Made(out, r.finish("TERM").err());
                assertTrue(jvm.isAlive(), "the JVM still ran when the recording ended");
                return made;
            }
        });
        assertNamed(rec.dir(), comm);
        assertEquals("1", sql(rec.dir(), "SELECT counters['cpu_sample.jvm_perfmaps_written'] FROM recording"),
                "one JVM asked");
    }

    /** Starts JitSpin on a thread named {@code comm} for {@code seconds}, with these JVM options. */
    private Process spin(String comm, int seconds, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Jvm.javaBinary(), "-Xmx64m", "-XX:-UsePerfData"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-cp", Path.of(JitSpin.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString(), JitSpin.class.getName(), comm, String.valueOf(seconds)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        jvms.add(p);
        return p;
    }

    /**
     * At least 95% of the loop thread's samples name JitSpin's code (the loop, or its callers in
     * JIT code) in sonde flame, and every frame the recorder named is named the same in the view.
     */
    private static void assertNamed(Path dir, String comm) {
        SondeRun.Output folded = SondeRun.run("flame", dir.toString(), "--folded", "-c", comm);
        assertEquals(0, folded.status(), folded.err());
        long total = 0;
        long named = 0;
        for (String line : folded.out().split("\n")) {
            long n = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            total += n;
            if (line.contains("JitSpin")) {
                named += n;
            }
        }
        String raw = "read_parquet('" + dir + "/cpu_sample/**/*.parquet')";
        String before = sql(dir, "SELECT count(*) FILTER (WHERE list_contains(list_transform(frames, lambda f:"
                + " f.name LIKE '%JitSpin%'), true)) || ' of ' || count(*) FROM " + raw + " WHERE comm = '" + comm + "'");
        System.out.printf("%s: %,d of %,d samples name JitSpin (%.1f%%); as recorded: %s; jit_symbol rows: %s%n", comm,
                named, total, 100.0 * named / Math.max(1, total), before, sql(dir, "SELECT count(*) FROM jit_symbol"));
        // a busy host leaves the loop a share of a CPU: 538 samples in 4 s once, at load 20 on 2 cores
        assertTrue(total >= 200, "the loop was sampled: " + total + " samples");
        assertTrue(named >= NAMED * total, named + " of " + total + " samples name JitSpin; as recorded " + before
                + "; stacks:\n" + folded.out().lines().limit(20).toList());
        assertEquals("0", sql(dir, "SELECT count(*) FROM cpu_sample v JOIN " + raw + " r USING (recording_id, event_seq)"
                + " WHERE len(v.frames) <> len(r.frames) OR list_contains(list_transform(r.frames, lambda f, i:"
                + " f.name <> '[unknown]' AND f <> v.frames[i]), true)"), "frames named when recorded are unchanged");
    }

    private static String sql(Path dir, String query) {
        SondeRun.Output o = SondeRun.run("sql", dir.toString(), query, "--format", "csv");
        assertEquals(0, o.status(), o.err());
        return o.out().lines().skip(1).findFirst().orElse("").trim();
    }
}
