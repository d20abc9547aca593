package sonde.recorder.sink.internal;

import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** sonde's encoders, decoded by parquet-java's own readers. */
class EncodingsTest {
    @Test
    void deltaBinaryPackedRoundTripsEveryShapeOfSequence() throws IOException {
        Random r = new Random(11);
        long[][] cases = {
            {},
            {42},
            {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, Long.MIN_VALUE}, // deltas wrap around in 64 bits
            series(1000, i -> 1_700_000_000_000_000_000L + i * 1337L), // monotonic times
            series(129, i -> 4096), // constant: width 0
            series(257, i -> r.nextLong()), // full 64-bit widths
            series(3333, i -> (i % 7 == 0 ? -1 : 1) * (long) r.nextInt(1 << 20)),
            series(31, i -> i), series(32, i -> -i), series(33, i -> i * i), series(128, i -> i), series(129, i -> i),
        };
        for (long[] values : cases) {
            ByteSink out = new ByteSink(16);
            new DeltaBinaryPacked().encode(values, values.length, out);
            DeltaBinaryPackingValuesReader reader = new DeltaBinaryPackingValuesReader();
            reader.initFromPage(values.length, ByteBufferInputStream.wrap(ByteBuffer.wrap(out.toByteArray())));
            long[] back = new long[values.length];
            for (int i = 0; i < back.length; i++) {
                back[i] = reader.readLong();
            }
            assertArrayEquals(values, back, "length " + values.length);
        }
    }

    @Test
    void rleHybridRoundTripsRunsLiteralsAndPadding() throws IOException {
        Random r = new Random(5);
        int[][] cases = {
            {},
            {0},
            ints(7, i -> 1), ints(8, i -> 1), ints(9, i -> i % 2), ints(1000, i -> 3),
            ints(1001, i -> i / 100 % 2 == 0 ? 5 : r.nextInt(8)), // runs between literals, unaligned
            ints(20, i -> i < 3 ? i : 7), // literals then a run that starts mid-group
            ints(4097, i -> r.nextInt(1 << 17)),
        };
        for (int[] values : cases) {
            int max = 0;
            for (int v : values) {
                max = Math.max(max, v);
            }
            int width = RleHybrid.bitWidth(max);
            ByteSink out = new ByteSink(16);
            RleHybrid.encode(values, values.length, width, out);
            RunLengthBitPackingHybridDecoder d = new RunLengthBitPackingHybridDecoder(width,
                    new ByteArrayInputStream(out.toByteArray()));
            int[] back = new int[values.length];
            for (int i = 0; i < back.length; i++) {
                back[i] = d.readInt();
            }
            assertArrayEquals(values, back, "length " + values.length + " width " + width);
        }
    }

    @Test
    void dictionariesNumberValuesInOrderOfFirstAppearance() {
        StringDictionary s = new StringDictionary();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5000; i++) {
                assertEquals(i, s.id("name-" + i));
            }
            assertEquals(17, s.id(new String("name-17")), "equal, not the same object");
            assertEquals("name-4999", new String(s.utf8(4999), java.nio.charset.StandardCharsets.UTF_8));
            s.clear();
        }
        NumberDictionary d = new NumberDictionary();
        long[] values = {Long.MIN_VALUE, 0, -1, Integer.MAX_VALUE, 7};
        for (int i = 0; i < values.length; i++) {
            assertEquals(i, d.id(values[i]));
        }
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i + values.length, d.id(1_000_000 + i * 31));
        }
        assertEquals(0, d.id(Long.MIN_VALUE));
        assertEquals(Integer.MAX_VALUE, d.value(3));
    }

    private interface LongOf {
        long at(int i);
    }

    private interface IntOf {
        int at(int i);
    }

    private static long[] series(int n, LongOf f) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = f.at(i);
        }
        return v;
    }

    private static int[] ints(int n, IntOf f) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = f.at(i);
        }
        return v;
    }
}
