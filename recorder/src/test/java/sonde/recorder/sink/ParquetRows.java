package sonde.recorder.sink;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

import sonde.recorder.testing.ZstdCodecFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Reads back what a recording wrote: every row of one kind under an output directory, as Avro records. */
public final class ParquetRows {
    private ParquetRows() {
    }

    /** Hands each row of {@code kind} (cpu_sample, recording, …) under {@code dir} to {@code each}; returns how many. */
    public static long read(Path dir, String kind, Consumer<GenericRecord> each) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir.resolve(kind))) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
        long n = 0;
        for (Path f : files) {
            try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(f),
                    new PlainParquetConfiguration()).withDataModel(GenericData.get())
                    .withCodecFactory(new ZstdCodecFactory(3)).build()) {
                for (GenericRecord g = r.read(); g != null; g = r.read()) {
                    each.accept(g);
                    n++;
                }
            }
        }
        return n;
    }
}
