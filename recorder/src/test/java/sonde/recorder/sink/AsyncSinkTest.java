package sonde.recorder.sink;

import org.junit.jupiter.api.Test;
import sonde.schema.DiskIo;

import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsyncSinkTest {
    @Test
    void rowsAreNumberedGapFreeInCommitOrderAcrossBatchesAndWrittenByTheWriterThread() throws Exception {
        SequencedSinkTest.Kept kept = new SequencedSinkTest.Kept();
        AsyncSink async = new AsyncSink(kept);
        Rows rows = async.rows(sonde.recorder.sink.table.Table.DISK_IO, 2, 1000); // the producer waits for batches to come back
        for (int i = 0; i < 20_500; i++) {
            rows.next().setAll(sonde.recorder.testing.Rows.disk("r1", -1));
            rows.commit();
        }
        rows.flush();
        async.close();
        assertEquals(LongStream.range(0, 20_500).boxed().toList(),
                kept.rows.stream().map(r -> ((DiskIo) r).getEventSeq()).toList());
        assertEquals(20_500, rows.committed());
    }

    @Test
    void afterAWriteFailureBatchesComeBackAndAreCountedAsDropped() throws Exception {
        SequencedSinkTest.Kept failing = new SequencedSinkTest.Kept(true);
        AsyncSink async = new AsyncSink(failing);
        Rows rows = async.rows(sonde.recorder.sink.table.Table.DISK_IO, 2, 100);
        for (int i = 0; i < 1000; i++) { // would wait forever if failed batches were not given back
            rows.next().setAll(sonde.recorder.testing.Rows.disk("r1", 1));
            rows.commit();
        }
        rows.flush();
        try {
            async.close();
        } catch (java.io.IOException e) {
            assertTrue(e.getMessage().contains("No space left"), e.getMessage());
        }
        assertTrue(async.failure() != null);
        assertTrue(async.dropped() >= 800, "dropped " + async.dropped());
        assertEquals(List.of(), failing.rows);
    }
}
