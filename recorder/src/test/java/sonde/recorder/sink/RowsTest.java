package sonde.recorder.sink;

import org.junit.jupiter.api.Test;
import sonde.recorder.sink.table.Table;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowsTest {
    private static final int ROWS = 4;

    @Test
    void aWriterBehindGetsSpareBatchesUpToTheBudgetAndGivesThemBackOnceWritten() {
        long batch = RowBatch.bytes(Table.DISK_IO, ROWS);
        Rows.Spare spare = new Rows.Spare(2 * batch + batch / 2); // room for two more, not three
        List<RowBatch> held = new ArrayList<>(); // the writer's queue: it writes nothing yet
        Rows rows = new Rows(Table.DISK_IO, 2, ROWS, held::add, spare);
        for (int i = 0; i < 4 * ROWS; i++) { // two fixed batches and two spare ones, without waiting
            rows.next().set(0, (Object) "r");
            rows.commit();
        }
        assertEquals(4, held.size());
        assertEquals(2, rows.extraBatches());
        assertEquals(0, rows.waitedNs());
        assertFalse(spare.take(batch), "the budget is spent");
        assertEquals(List.of(0L, 4L, 8L, 12L), held.stream().map(b -> b.longs[b.table.pos("event_seq")][0]).toList());

        held.forEach(rows::recycle); // written: the spare ones are dropped, their bytes back in the budget
        assertTrue(spare.take(2 * batch), "both spare batches' bytes are back");
        spare.give(2 * batch);
        for (int i = 0; i < 2 * ROWS; i++) { // the fixed batches serve again before any spare one
            rows.next().set(0, (Object) "r");
            rows.commit();
        }
        assertEquals(2, rows.extraBatches());
        assertEquals(6 * ROWS, rows.committed());
        assertEquals(0, rows.waitedNs());
    }

    @Test
    void withoutABudgetTheFixedBatchesAreAll() {
        long batch = RowBatch.bytes(Table.VFS_IO, ROWS);
        assertTrue(batch >= 8L * ROWS, "at least a long per row: " + batch);
        Rows.Spare none = new Rows.Spare(batch - 1);
        assertFalse(none.take(batch));
    }
}
