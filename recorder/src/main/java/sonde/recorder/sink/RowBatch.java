package sonde.recorder.sink;

import org.apache.avro.generic.IndexedRecord;
import sonde.recorder.sink.table.Struct;
import sonde.recorder.sink.table.Table;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Rows of one event kind held column by column: integers in primitive arrays, strings and
 * lists by reference, a null flag per row for optional fields. The thread that makes the rows
 * fills a batch field by field ({@link #set}, {@link #setNull}) and {@link Rows#commit}s each
 * row; a full batch goes to the writer thread whole, which encodes each column in one pass and
 * gives the batch back for reuse. No object is made per row.
 *
 * <p>Field numbers are the {@link Table}'s (the Avro schema's) positions. Every field of a row must be set:
 * the arrays are reused, so an unset field holds what an earlier row left there.
 */
public final class RowBatch {
    final Table table;
    final Table.Type[] types;
    final long[][] longs;
    final int[][] ints;
    final boolean[][] bools;
    final Object[][] objects;
    /** Per optional field, true where the row's value is null; null for required fields. */
    final boolean[][] nulls;
    final int capacity;
    int size;
    /** System.nanoTime() when the first row went in. */
    long firstRowNs;
    /** Where the batch goes back to once written (null for a batch of the sink's own). */
    Rows owner;
    /** Taken from the spare budget while the writer was behind, and dropped once written. */
    boolean spare;

    public RowBatch(Table table, int capacity) {
        this.table = table;
        this.capacity = capacity;
        int n = table.fields().size();
        types = new Table.Type[n];
        longs = new long[n][];
        ints = new int[n][];
        bools = new boolean[n][];
        objects = new Object[n][];
        nulls = new boolean[n][];
        for (Table.Field f : table.fields()) {
            int i = f.pos();
            types[i] = f.type();
            if (f.nullable()) {
                nulls[i] = new boolean[capacity];
            }
            switch (f.type()) {
                case LONG -> longs[i] = new long[capacity];
                case INT -> ints[i] = new int[capacity];
                case BOOLEAN -> bools[i] = new boolean[capacity];
                default -> objects[i] = new Object[capacity];
            }
        }
    }

    /** About how many bytes of heap a batch of {@code capacity} rows of {@code table} takes (its arrays). */
    static long bytes(Table table, int capacity) {
        long perRow = 0;
        for (Table.Field f : table.fields()) {
            perRow += (f.nullable() ? 1 : 0) + switch (f.type()) {
                case LONG -> 8;
                case INT -> 4;
                case BOOLEAN -> 1;
                default -> 4; // a reference; the strings and lists are mostly shared between rows
            };
        }
        return perRow * capacity;
    }

    public Table table() {
        return table;
    }

    public String kind() {
        return table.kind();
    }

    public int size() {
        return size;
    }

    public boolean full() {
        return size == capacity;
    }

    public void set(int field, long v) {
        longs[field][size] = v;
        if (nulls[field] != null) {
            nulls[field][size] = false;
        }
    }

    public void set(int field, int v) {
        ints[field][size] = v;
        if (nulls[field] != null) {
            nulls[field][size] = false;
        }
    }

    public void set(int field, boolean v) {
        bools[field][size] = v;
    }

    /** A string (never null: use {@link #setNull}), a {@link List} for a LIST field, a {@link java.util.Map} for a MAP. */
    public void set(int field, Object v) {
        objects[field][size] = v;
        if (nulls[field] != null) {
            nulls[field][size] = false;
        }
    }

    public void setNull(int field) {
        nulls[field][size] = true;
        if (objects[field] != null) {
            objects[field][size] = null; // let go of the string
        }
    }

    /**
     * Sets every field of the next row from a record (the slow path: rows that arrive as Avro
     * records, e.g. from Kafka); returns the number of list and map entries the row holds.
     */
    public int setAll(IndexedRecord r) {
        int entries = 0;
        for (int i = 0; i < types.length; i++) {
            Object v = r.get(i);
            if (v == null) {
                if (nulls[i] == null) {
                    throw new IllegalArgumentException(table.fields().get(i).name() + " is null in a "
                            + table.kind() + " row");
                }
                setNull(i);
                continue;
            }
            switch (types[i]) {
                case LONG -> set(i, ((Number) v).longValue());
                case INT -> set(i, ((Number) v).intValue());
                case BOOLEAN -> set(i, ((Boolean) v).booleanValue());
                case STRING -> set(i, (Object) v.toString());
                default -> {
                    set(i, v);
                    entries += v instanceof Collection<?> c ? c.size() : v instanceof Map<?, ?> m ? m.size() : 0;
                }
            }
        }
        return entries;
    }

    /** The row whose fields were just set is complete (rows kept as given, event_seq included). */
    void append() {
        if (size++ == 0) {
            firstRowNs = System.nanoTime();
        }
    }

    /** Row {@code row} as an Avro record of the batch's schema (the slow path, for Kafka). */
    public IndexedRecord record(int row) {
        IndexedRecord r = EventKinds.newRecord(table);
        for (int i = 0; i < types.length; i++) {
            if (nulls[i] != null && nulls[i][row]) {
                continue;
            }
            r.put(i, switch (types[i]) {
                case LONG -> longs[i][row];
                case INT -> ints[i][row];
                case BOOLEAN -> bools[i][row];
                case LIST -> avroItems(table.fields().get(i), (List<?>) objects[i][row]);
                default -> objects[i][row];
            });
        }
        return r;
    }

    /** A list field's items as Avro records where they are {@link Struct}s (frames, lost events). */
    private static List<?> avroItems(Table.Field field, List<?> items) {
        if (items.isEmpty() || !(items.get(0) instanceof Struct)) {
            return items;
        }
        List<IndexedRecord> out = new java.util.ArrayList<>(items.size());
        for (Object item : items) {
            IndexedRecord e = EventKinds.newElement(field);
            for (int k = 0; k < field.itemFields().size(); k++) {
                e.put(k, ((Struct) item).get(k));
            }
            out.add(e);
        }
        return out;
    }

    /** Empties the batch for reuse, letting go of the strings and lists it held. */
    void clear() {
        for (Object[] o : objects) {
            if (o != null) {
                java.util.Arrays.fill(o, 0, size, null);
            }
        }
        size = 0;
    }
}
