package sonde.recorder.profile;

import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.sink.ParquetRows;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.Launcher;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.SymbolLoad;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: `sonde record --profile` ran out of heap on hosts where programs come and go, each
 * mapping a fresh large library (DuckDB's) and JVMs writing perf maps. Here a real recording,
 * started as the launcher starts it, meets 150 distinct 100,000-function libraries and 20
 * growing JIT maps, more than its symbol budgets hold, while its RSS is watched.
 */
class ProfileMemoryBoundTest {
    private static final long RSS_BOUND_KIB = 300 * 1024;
    private static final int LIBRARY_RUNS = 150;
    private static final int AT_ONCE = 2;
    private static final int JIT_GROUPS = 5;
    private static final int JIT_PER_GROUP = 4;
    /** Per half of a JIT map: 25,000 names make 2.2 MiB, so four processes' maps outgrow their 8 MiB. */
    private static final int JIT_ENTRIES = 25_000;
    /** Copies kept after their run ended, for the recorder to read late samples' symbols from. */
    private static final int COPIES_KEPT = 30;

    @TempDir
    Path tmp;

    @Test
    void rssStaysUnderTheBoundWhileLargeLibrariesAndJitMapsComeAndGo() throws Exception {
        Privileged.requireTracing();
        Privileged.requirePerf();
        Path out = tmp.resolve("rec");
        Jvm.Result result;
        long maxRssKib;
        try (SymbolLoad load = SymbolLoad.build(Files.createDirectories(tmp.resolve("load")), 100_000);
             RecorderProcess rec = RecorderProcess.startRecord(Launcher.recorderJvmOptions(),
                     List.of("--profile", "-o", out.toString()))) {
            RssWatch rss = new RssWatch(rec.pid());
            rss.start();
            apply(load);
            result = rec.stop("TERM");
            rss.interrupt();
            rss.join();
            maxRssKib = rss.maxKib;
        }
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.err().contains("CPU samples"), result.err());
        assertTrue(maxRssKib <= RSS_BOUND_KIB, "recorder RSS peaked at " + maxRssKib / 1024 + " MiB");

        Map<String, Long> counters = new HashMap<>();
        long recordings = ParquetRows.read(out, "recording", r -> ((Map<?, ?>) r.get("counters"))
                .forEach((k, v) -> counters.put(k.toString(), (Long) v)));
        assertEquals(1, recordings, "the recording row is written");
        System.out.println("recorder RSS peak " + maxRssKib / 1024 + " MiB; " + counters);
        for (String c : List.of("cpu_sample.symbol_tables_evicted", "cpu_sample.jit_maps_evicted")) {
            assertTrue(counters.containsKey(c), c + " is not in the recording row: Session must add "
                    + "Profiler.symbolCounters() to its counters; it has " + counters);
            assertTrue(counters.get(c) > 0, "the budget was exercised: " + counters);
        }
        assertSymbolized(out, counters);
    }

    /** Library runs AT_ONCE at a time, groups of JIT runs alongside; copies deleted COPIES_KEPT runs later. */
    private static void apply(SymbolLoad load) throws Exception {
        Deque<SymbolLoad.Run> running = new ArrayDeque<>();
        Deque<Path> done = new ArrayDeque<>();
        List<SymbolLoad.Run> jits = new ArrayList<>();
        for (int i = 0; i < LIBRARY_RUNS; i++) {
            if (i % (LIBRARY_RUNS / JIT_GROUPS) == 0) {
                for (int j = 0; j < JIT_PER_GROUP; j++) {
                    jits.add(load.startJitRun(JIT_ENTRIES, 0.25));
                }
            }
            while (running.size() >= AT_ONCE) {
                SymbolLoad.Run r = running.removeFirst();
                awaitOk(r.process());
                done.addLast(r.copy());
                if (done.size() > COPIES_KEPT) {
                    Files.delete(done.removeFirst());
                }
            }
            running.addLast(load.startLibraryRun(0.1 + 0.025 * (i % 5))); // 0.1 to 0.2 s of CPU
        }
        for (SymbolLoad.Run r : running) {
            awaitOk(r.process());
        }
        for (SymbolLoad.Run r : jits) {
            awaitOk(r.process());
        }
    }

    private static void awaitOk(Process p) throws InterruptedException {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "workload did not end");
        assertEquals(0, p.exitValue(), "workload failed");
    }

    /** Frames were still named under the budgets: most libraries' spinning function, and JIT code. */
    private static void assertSymbolized(Path out, Map<String, Long> counters) throws Exception {
        Set<String> librariesNamed = new HashSet<>();
        long[] jitFrames = {0};
        ParquetRows.read(out, "cpu_sample", r -> {
            for (Object o : (List<?>) r.get("frames")) {
                GenericRecord f = (GenericRecord) o;
                String name = f.get("name").toString();
                if (name.equals(SymbolLoad.LIBRARY_FUNCTION)) {
                    librariesNamed.add(f.get("module").toString());
                } else if (name.startsWith(SymbolLoad.JIT_PREFIX) && f.get("kind").toString().equals("jit")) {
                    jitFrames[0]++;
                }
            }
        });
        assertTrue(librariesNamed.size() >= 0.8 * LIBRARY_RUNS, librariesNamed.size() + " of " + LIBRARY_RUNS
                + " libraries' spinning function named; " + counters);
        assertTrue(jitFrames[0] > 0, "JIT frames named: " + counters);
    }

    /** Samples the recorder's VmRSS every 50 ms and keeps the highest. */
    private static final class RssWatch extends Thread {
        private final Path status;
        volatile long maxKib;

        RssWatch(long pid) {
            this.status = Path.of("/proc/" + pid + "/status");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                try {
                    for (String line : Files.readAllLines(status)) {
                        if (line.startsWith("VmRSS:")) {
                            maxKib = Math.max(maxKib, Long.parseLong(line.replaceAll("[^0-9]", "")));
                        }
                    }
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (java.io.IOException e) {
                    return; // the recorder has ended
                }
            }
        }
    }
}
