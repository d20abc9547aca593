package sonde.recorder.sink;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import org.apache.avro.generic.IndexedRecord;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import sonde.recorder.sink.internal.ByteSink;
import sonde.recorder.sink.internal.DeltaBinaryPacked;
import sonde.recorder.sink.internal.NumberDictionary;
import sonde.recorder.sink.internal.RleHybrid;
import sonde.recorder.sink.internal.StringDictionary;
import sonde.recorder.sink.table.Struct;
import sonde.recorder.sink.table.Table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link RowBatch} as one Parquet row group, a column at a time, each column one
 * version-2 data page compressed with ZSTD: 64-bit integers DELTA_BINARY_PACKED (times and
 * sequence numbers take a few bits each), 32-bit integers and strings dictionary-encoded
 * (RLE_DICTIONARY, with a PLAIN fallback for columns of too many distinct values), booleans
 * PLAIN. The Parquet schema is parquet-avro's conversion of the Avro schema, so the files are
 * the same to readers as parquet-avro's. Page statistics (min, max, nulls) let readers skip row
 * groups by time. One encoder per open file, used by the writer thread only.
 */
final class RowGroupEncoder {
    /** Beyond this many distinct values a column chunk is written PLAIN. */
    private static final int MAX_DICTIONARY = 16_384;
    private static final long MAX_DICTIONARY_BYTES = 1 << 20;
    static final int ZSTD_LEVEL = 1;
    /**
     * 64-bit columns with a new value in nearly every row (times, sequence numbers, sectors,
     * offsets): straight to DELTA_BINARY_PACKED. Other 64-bit columns (sizes, inodes, frame
     * addresses) repeat, and are dictionary-encoded while that pays.
     */
    private static final java.util.Set<String> NEW_EVERY_ROW = java.util.Set.of("event_seq", "ts_ns", "issue_ts_ns",
            "complete_ts_ns", "latency_ns", "queue_ns", "sector", "offset_bytes", "start_ts_ns", "end_ts_ns");

    /** What a leaf column of a repeated field (list or map) takes from each item. */
    private enum Part { NONE, ITEM, RECORD_FIELD, KEY, VALUE }

    /**
     * One leaf column: a top-level field (part NONE), or a part of each item of a list or map
     * field: the item itself, a field ({@code element}) of a record item, a map entry's key or
     * value. {@code noDictionary}: 64-bit values not worth a dictionary in this file.
     */
    private static final class Leaf {
        final int field;
        final Part part;
        final int element;
        final Table.Type type;
        final boolean nullable;
        final ColumnDescriptor column;
        boolean noDictionary;

        Leaf(int field, Part part, int element, Table.Type type, boolean nullable, ColumnDescriptor column) {
            this.field = field;
            this.part = part;
            this.element = element;
            this.type = type;
            this.nullable = nullable;
            this.column = column;
            this.noDictionary = type == Table.Type.LONG && NEW_EVERY_ROW.contains(column.getPath()[0]);
        }

        Object of(Object item) {
            return switch (part) {
                case RECORD_FIELD -> item instanceof Struct st ? st.get(element) : ((IndexedRecord) item).get(element);
                case KEY -> ((Map.Entry<?, ?>) item).getKey();
                case VALUE -> ((Map.Entry<?, ?>) item).getValue();
                default -> item;
            };
        }
    }

    private final List<Leaf> leaves = new ArrayList<>();
    private final ZstdCompressCtx zstd = new ZstdCompressCtx();
    private final DeltaBinaryPacked delta = new DeltaBinaryPacked();
    private final StringDictionary strings = new StringDictionary();
    private final NumberDictionary numbers = new NumberDictionary();
    private final ByteSink data = new ByteSink(1 << 16);
    private final ByteSink defs = new ByteSink(1 << 12);
    private final ByteSink reps = new ByteSink(1 << 12);
    private final ByteSink dict = new ByteSink(1 << 12);
    private byte[] compressed = new byte[1 << 16];
    /** The column being written: its non-null values (integers of either width as longs), their count, levels, ids. */
    private long[] longValues = new long[1024];
    private String[] stringValues = new String[1024];
    private int values;
    private int[] defLevels = new int[1024];
    private int[] repLevels = new int[1024];
    private int[] ids = new int[1024];

    RowGroupEncoder(Table table) {
        zstd.setLevel(ZSTD_LEVEL);
        List<ColumnDescriptor> columns = table.parquet().getColumns();
        int c = 0;
        for (Table.Field f : table.fields()) {
            switch (f.type()) {
                case LIST -> {
                    if (f.item() != null) {
                        leaves.add(new Leaf(f.pos(), Part.ITEM, -1, f.item(), false, columns.get(c++)));
                    }
                    for (Table.Field e : f.itemFields()) {
                        leaves.add(new Leaf(f.pos(), Part.RECORD_FIELD, e.pos(), e.type(), false, columns.get(c++)));
                    }
                }
                case MAP -> {
                    leaves.add(new Leaf(f.pos(), Part.KEY, -1, Table.Type.STRING, false, columns.get(c++)));
                    leaves.add(new Leaf(f.pos(), Part.VALUE, -1, f.item(), false, columns.get(c++)));
                }
                default -> {
                    if (f.nullable() && f.type() == Table.Type.BOOLEAN) {
                        throw new IllegalArgumentException("sonde rows have no optional booleans: " + f.name());
                    }
                    leaves.add(new Leaf(f.pos(), Part.NONE, -1, f.type(), f.nullable(), columns.get(c++)));
                }
            }
        }
        if (c != columns.size()) {
            throw new IllegalStateException(table.kind() + " has " + columns.size() + " Parquet columns, " + c
                    + " understood");
        }
    }

    void write(RowBatch b, ParquetFileWriter w) throws IOException {
        w.startBlock(b.size);
        for (Leaf leaf : leaves) {
            defs.reset();
            reps.reset();
            int entries = leaf.part == Part.NONE ? flatValues(leaf, b) : repeatedValues(leaf, b);
            writeColumn(leaf, b.size, entries, w);
        }
        w.endBlock();
    }

    /** Gathers a top-level field's non-null values, and its definition levels if optional; returns the level count. */
    private int flatValues(Leaf leaf, RowBatch b) {
        int n = b.size;
        ensure(n);
        boolean[] nulls = b.nulls[leaf.field];
        int f = leaf.field;
        if (nulls == null) {
            values = n;
            switch (leaf.type) {
                case LONG -> System.arraycopy(b.longs[f], 0, longValues, 0, n);
                case INT -> {
                    int[] v = b.ints[f];
                    for (int i = 0; i < n; i++) {
                        longValues[i] = v[i];
                    }
                }
                case BOOLEAN -> {
                    boolean[] v = b.bools[f];
                    for (int i = 0; i < n; i++) {
                        longValues[i] = v[i] ? 1 : 0;
                    }
                }
                default -> {
                    Object[] v = b.objects[f];
                    for (int i = 0; i < n; i++) {
                        stringValues[i] = (String) v[i];
                    }
                }
            }
            return n;
        }
        int v = 0;
        switch (leaf.type) {
            case LONG -> {
                long[] src = b.longs[f];
                for (int i = 0; i < n; i++) {
                    longValues[v] = src[i];
                    v += nulls[i] ? 0 : 1;
                }
            }
            case INT -> {
                int[] src = b.ints[f];
                for (int i = 0; i < n; i++) {
                    longValues[v] = src[i];
                    v += nulls[i] ? 0 : 1;
                }
            }
            default -> {
                Object[] src = b.objects[f];
                for (int i = 0; i < n; i++) {
                    if (!nulls[i]) {
                        stringValues[v++] = (String) src[i];
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            defLevels[i] = nulls[i] ? 0 : 1;
        }
        values = v;
        RleHybrid.encode(defLevels, n, 1, defs);
        return n;
    }

    /**
     * Gathers one part of the items of a list or map field, with repetition levels (0 starts a
     * row, 1 continues its list) and definition levels (0 for an empty list, which still takes an
     * entry).
     */
    private int repeatedValues(Leaf leaf, RowBatch b) {
        int entries = 0;
        int v = 0;
        for (int i = 0; i < b.size; i++) {
            Object field = b.objects[leaf.field][i];
            List<?> list = field instanceof Map<?, ?> m ? List.copyOf(m.entrySet()) : (List<?>) field;
            int n = list.size();
            ensure(entries + Math.max(1, n));
            if (n == 0) {
                repLevels[entries] = 0;
                defLevels[entries++] = 0;
                continue;
            }
            for (int j = 0; j < n; j++) {
                repLevels[entries] = j == 0 ? 0 : 1;
                defLevels[entries++] = 1;
                Object x = leaf.of(list.get(j));
                switch (leaf.type) {
                    case LONG -> longValues[v] = ((Number) x).longValue();
                    case INT -> longValues[v] = ((Number) x).intValue();
                    case BOOLEAN -> longValues[v] = ((Boolean) x) ? 1 : 0;
                    default -> stringValues[v] = x.toString();
                }
                v++;
            }
        }
        values = v;
        RleHybrid.encode(repLevels, entries, 1, reps);
        RleHybrid.encode(defLevels, entries, 1, defs);
        return entries;
    }

    /** Room for {@code n} levels and values, keeping what is there. */
    private void ensure(int n) {
        if (defLevels.length < n) {
            int cap = Math.max(n, defLevels.length * 2);
            defLevels = Arrays.copyOf(defLevels, cap);
            repLevels = Arrays.copyOf(repLevels, cap);
            ids = Arrays.copyOf(ids, cap);
            longValues = Arrays.copyOf(longValues, cap);
            stringValues = Arrays.copyOf(stringValues, cap);
        }
    }

    private void writeColumn(Leaf leaf, int rows, int entries, ParquetFileWriter w) throws IOException {
        data.reset();
        dict.reset();
        int nulls = entries - values;
        Statistics.Builder stats = Statistics.getBuilderForReading(leaf.column.getPrimitiveType()).withNumNulls(nulls);
        Encoding encoding;
        int dictionarySize = 0;
        switch (leaf.type) {
            case LONG, INT -> {
                int width = leaf.type == Table.Type.LONG ? 8 : 4;
                dictionarySize = leaf.noDictionary ? 0 : numberDictionary(width);
                if (dictionarySize == 0 && width == 8) {
                    leaf.noDictionary |= values > 0; // too many distinct values: not for the rest of this file either
                    delta.encode(longValues, values, data);
                } else if (dictionarySize == 0) {
                    for (int k = 0; k < values; k++) {
                        data.writeIntLE((int) longValues[k]);
                    }
                }
                encoding = dictionarySize > 0 ? Encoding.RLE_DICTIONARY
                        : width == 8 ? Encoding.DELTA_BINARY_PACKED : Encoding.PLAIN;
                if (values > 0) {
                    long min = Long.MAX_VALUE;
                    long max = Long.MIN_VALUE;
                    for (int i = 0; i < values; i++) {
                        min = Math.min(min, longValues[i]);
                        max = Math.max(max, longValues[i]);
                    }
                    stats.withMin(le(min, width)).withMax(le(max, width));
                }
            }
            case BOOLEAN -> {
                booleans();
                encoding = Encoding.PLAIN;
            }
            default -> {
                dictionarySize = stringDictionary();
                encoding = dictionarySize > 0 ? Encoding.RLE_DICTIONARY : Encoding.PLAIN;
                if (dictionarySize > 0) {
                    stats.withMin(strings.utf8(strings.minId())).withMax(strings.utf8(strings.maxId()));
                }
            }
        }
        w.startColumn(leaf.column, entries, CompressionCodecName.ZSTD);
        if (dictionarySize > 0) {
            int size = dict.size();
            int c = compress(dict);
            w.writeDictionaryPage(new DictionaryPage(BytesInput.from(compressed, 0, c), size, dictionarySize,
                    Encoding.PLAIN));
        }
        int size = data.size();
        int c = compress(data);
        w.writeDataPageV2(rows, nulls, entries, BytesInput.from(reps.array(), 0, reps.size()),
                BytesInput.from(defs.array(), 0, defs.size()), encoding, BytesInput.from(compressed, 0, c), true, size,
                stats.build());
        w.endColumn();
    }

    /**
     * Dictionary-encodes the integer values into data and dict while the dictionary stays small
     * (64-bit columns: a quarter of the values; 32-bit: MAX_DICTIONARY); returns its size, or 0.
     */
    private int numberDictionary(int width) {
        numbers.clear();
        int limit = width == 8 ? Math.min(MAX_DICTIONARY, values / 4 + 16) : MAX_DICTIONARY;
        for (int i = 0; i < values; i++) {
            ids[i] = numbers.id(longValues[i]);
            if (numbers.size() > limit) {
                return 0;
            }
        }
        if (values == 0) {
            return 0;
        }
        numbers.writePlain(dict, width);
        idsPage(numbers.size());
        return numbers.size();
    }

    private int stringDictionary() {
        strings.clear();
        String last = null;
        int lastId = -1;
        for (int i = 0; i < values; i++) {
            String s = stringValues[i];
            if (s != last) {
                lastId = strings.id(s);
                last = s;
            }
            ids[i] = lastId;
            if (strings.size() > MAX_DICTIONARY || strings.plainBytes() > MAX_DICTIONARY_BYTES) {
                for (int k = 0; k < values; k++) {
                    byte[] b = stringValues[k].getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    data.writeIntLE(b.length);
                    data.write(b, 0, b.length);
                }
                return 0;
            }
        }
        strings.writePlain(dict);
        idsPage(strings.size());
        return strings.size();
    }

    /** An RLE_DICTIONARY data page: the ids' bit width in one byte, then the ids RLE/bit-packed. */
    private void idsPage(int dictionarySize) {
        int width = RleHybrid.bitWidth(dictionarySize - 1);
        data.writeByte(width);
        RleHybrid.encode(ids, values, width, data);
    }

    private void booleans() {
        int whole = values / 8 * 8;
        data.pack(longValues, 0, whole, 1);
        if (whole < values) {
            long[] last = new long[8];
            System.arraycopy(longValues, whole, last, 0, values - whole);
            data.pack(last, 0, 8, 1);
        }
    }

    private int compress(ByteSink in) {
        int bound = (int) Zstd.compressBound(in.size());
        if (compressed.length < bound) {
            compressed = new byte[Math.max(bound, compressed.length * 2)];
        }
        return zstd.compressByteArray(compressed, 0, compressed.length, in.array(), 0, in.size());
    }

    private static byte[] le(long v, int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    void close() {
        zstd.close();
    }
}
