package sonde.recorder;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.RecorderProcess;
import sonde.recorder.testing.ZstdCodecFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
