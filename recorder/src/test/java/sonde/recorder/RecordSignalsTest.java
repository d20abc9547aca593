package sonde.recorder;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.Workloads;
import sonde.recorder.testing.ZstdCodecFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A recording asked to stop by a signal (Ctrl-C, kill, a dropped SSH session) ends complete.
 * (SIGQUIT stays the JVM's: a thread dump, as for any Java program.)
 */
class RecordSignalsTest {
    @TempDir(factory = OnDisk.class)
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT", "HUP"})
    void endsCleanlyWithItsSummaryAndRecordingRow(String signal) throws Exception {
        Privileged.requireTracing();
        Path out = tmp.resolve("rec");
        RecorderProcess rec = RecorderProcess.start(out, "--disk");
        Jvm.Result r = rec.finish(signal);
        assertTrue(r.err().contains("Recorded ") && r.err().contains("Wrote "), "summary after SIG" + signal + ": " + r.err());
        List<Path> files;
        try (Stream<Path> s = Files.walk(out)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no unfinished file: " + files);
        Path row = files.stream().filter(f -> f.toString().contains("/recording/")).findFirst()
                .orElseThrow(() -> new AssertionError("no recording row after SIG" + signal + ": " + files));
        try (ParquetReader<GenericRecord> in = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(row),
                new PlainParquetConfiguration()).withDataModel(GenericData.get())
                .withCodecFactory(new ZstdCodecFactory(3)).build()) {
            assertEquals("SIG" + signal, in.read().get("ended_by").toString());
        }
    }

    /**
     * Issue 14 item 9: kill -9 (or the OOM killer) leaves the JVM no chance to clean up; its
     * instance, tracepoints on, must not stay on until the next recording. Its guard, which
     * ignores the signals sent to a whole terminal or service group, turns it off and removes it.
     */
    @Test
    void aKilledRecordersInstanceIsTurnedOffAndRemovedAtOnce() throws Exception {
        Privileged.requireTracing();
        RecorderProcess rec = RecorderProcess.start(tmp.resolve("rec"), "--vfs");
        Path instances = Path.of("/sys/kernel/tracing/instances");
        List<Path> mine;
        try (Stream<Path> s = Files.list(instances)) {
            mine = s.filter(p -> p.getFileName().toString().startsWith("sonde-" + rec.pid() + "-")).toList();
        }
        assertFalse(mine.isEmpty(), "the recorder's instances");
        List<ProcessHandle> guards = ProcessHandle.of(rec.pid()).orElseThrow().children().toList();
        assertEquals(mine.size(), guards.size(), "a guard per instance: " + guards + " for " + mine);
        for (ProcessHandle g : guards) { // as Ctrl-C sends it to the whole group
            Workloads.run(List.of("kill", "-INT", String.valueOf(g.pid())));
        }
        Thread.sleep(200);
        assertTrue(guards.stream().allMatch(ProcessHandle::isAlive), "the guards ignore SIGINT");
        rec.stop("KILL");
        for (int i = 0; i < 100 && mine.stream().anyMatch(Files::exists); i++) {
            Thread.sleep(50);
        }
        assertFalse(mine.stream().anyMatch(Files::exists), "the killed recorder's instances are gone within 5 s");
        for (ProcessHandle g : guards) {
            g.onExit().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCleanEndLeavesNeitherInstanceNorGuard() throws Exception {
        Privileged.requireTracing();
        RecorderProcess rec = RecorderProcess.start(tmp.resolve("rec"), "--disk");
        List<ProcessHandle> guards = ProcessHandle.of(rec.pid()).orElseThrow().children().toList();
        rec.finish("TERM");
        try (Stream<Path> s = Files.list(Path.of("/sys/kernel/tracing/instances"))) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith("sonde-" + rec.pid() + "-")).toList());
        }
        for (ProcessHandle g : guards) {
            g.onExit().get(5, TimeUnit.SECONDS);
        }
    }

    /** Issue 14 item 16: "Wrote 1 file, 0 B" once; the recording row's file has bytes too. */
    @Test
    void theSummaryCountsTheRecordingRowsFileBytes() throws Exception {
        Privileged.requireTracing();
        Path out = tmp.resolve("empty");
        Jvm.Result r = RecorderProcess.start(out, "--disk", "-c", "no-such-comm").finish("TERM");
        long bytes;
        try (Stream<Path> s = Files.walk(out)) {
            bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(bytes > 0);
        assertTrue(r.err().contains("Wrote 1 file, ") && !r.err().contains("Wrote 1 file, 0 B"), r.err());
    }
}
