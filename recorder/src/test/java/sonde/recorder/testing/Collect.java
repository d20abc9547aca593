package sonde.recorder.testing;

import sonde.recorder.sink.table.Table;
import sonde.recorder.sink.Rows;

import java.util.List;

/** Rows that end up as Avro records in a list, for tests of what producers make. */
public final class Collect {
    private Collect() {
    }

    /** Rows of {@code table} whose batches are turned into records and added to {@code into} as they fill. */
    @SuppressWarnings("unchecked")
    public static <T> Rows into(Table table, List<T> into) {
        Rows[] self = new Rows[1];
        self[0] = new Rows(table, 2, 256, b -> {
            for (int i = 0; i < b.size(); i++) {
                into.add((T) b.record(i));
            }
            self[0].recycle(b);
        });
        return self[0];
    }
}
