package sonde.recorder.sink;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import sonde.recorder.testing.Rows;
import sonde.schema.DiskIo;
import sonde.schema.Recording;
import sonde.schema.VfsIo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SequencedSinkTest {
    /** Keeps what it is given. */
    static final class Kept implements EventSink {
        final List<SpecificRecord> rows = Collections.synchronizedList(new ArrayList<>());
        private final boolean diskFull;

        Kept() {
            this(false);
        }

        /** @param diskFull every write fails as on a full disk */
        Kept(boolean diskFull) {
            this.diskFull = diskFull;
        }

        @Override
        public void write(SpecificRecord row) throws java.io.IOException {
            if (diskFull) {
                throw new java.io.IOException("No space left on device");
            }
            rows.add(row);
        }

        @Override
        public void tick(long nowNs) {
        }

        @Override
        public void close() {
        }

        @Override
        public void writeRecording(Recording recording) {
        }

        @Override
        public List<String> outputs() {
            return List.of();
        }

        @Override
        public long bytesWritten() {
            return 0;
        }
    }

    private static VfsIo vfs() {
        return new VfsIo("r1", 99L, 1L, 2L, 3, 3, "cat", "read", "R", 3, null, 10L, 10L, null, 0L, "file", "/etc/hosts", "ext4",
                null, null, null, null, false);
    }

    @Test
    void numbersEachKindFromZeroInWriteOrder() throws Exception {
        Kept kept = new Kept();
        SequencedSink s = new SequencedSink(kept);
        s.write(Rows.disk("r1", 42));
        s.write(vfs());
        s.write(Rows.disk("r1", 42));
        s.write(vfs());
        s.write(Rows.disk("r1", 42));
        assertEquals(List.of(0L, 0L, 1L, 1L, 2L), kept.rows.stream().map(r -> (Long) r.get(r.getSchema().getField("event_seq").pos())).toList());
        assertEquals(3, s.numbered(DiskIo.getClassSchema()));
    }
}
