package sonde.recorder.tracefs;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventFormatTest {
    @Test
    void readsNameIdAndEveryFieldOfACapturedFormat() {
        EventFormat f = Captured.format("block", "block_rq_issue.format");
        assertEquals("block_rq_issue", f.name());
        assertEquals("block:block_rq_issue", f.qualifiedName());
        assertEquals(2104, f.id());
        assertEquals(12, f.fields().size());
        Field dev = f.field("dev");
        assertEquals(8, dev.offset());
        assertEquals(4, dev.size());
        assertFalse(dev.signed());
        assertEquals(Field.Layout.SCALAR, dev.layout());
        assertEquals(Field.Layout.ARRAY, f.field("comm").layout());
        assertEquals(16, f.field("comm").size());
        assertEquals(Field.Layout.DATA_LOC, f.field("cmd").layout());
        assertTrue(f.field("common_pid").signed());
    }

    @Test
    void readsSyscallFormats() {
        EventFormat f = Captured.format("syscalls", "syscalls_sys_enter_read.format");
        assertEquals("sys_enter_read", f.name());
        assertEquals(8, f.field("count").size());
        assertTrue(f.has("fd"));
        assertTrue(Captured.format("syscalls", "syscalls_sys_exit_read.format").field("ret").signed());
    }

    @Test
    void missingFieldNamesTheTracepointAndWhatItHas() {
        EventFormat f = Captured.format("block", "block_rq_complete.format");
        String m = assertThrows(IllegalStateException.class, () -> f.field("bytes")).getMessage();
        assertTrue(m.contains("block:block_rq_complete has no field 'bytes'"), m);
        assertTrue(m.contains("nr_sector"), m);
    }

    @Test
    void rejectsTextThatIsNotAFormat() {
        assertThrows(IllegalArgumentException.class, () -> EventFormat.parse("x", "hello\nworld\n"));
    }

    @Test
    void decodesIntegersSignedUnsignedAndStrings() {
        EventFormat f = Captured.format("block", "block_rq_issue.format");
        ByteBuffer b = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        int base = 16;
        b.putInt(base + 4, -1); // common_pid
        b.putInt(base + 8, 254 << 20);
        b.putLong(base + 16, 169889584L);
        b.put(base + 34, "WS".getBytes(StandardCharsets.US_ASCII));
        b.put(base + 44, "dd".getBytes(StandardCharsets.US_ASCII));
        b.putInt(base + 60, (3 << 16) | 64); // __data_loc: length 3 at offset 64
        b.put(base + 64, "ab\0".getBytes(StandardCharsets.US_ASCII));
        assertEquals(-1, f.field("common_pid").getLong(b.array(), base));
        assertEquals(254 << 20, f.field("dev").getInt(b.array(), base));
        assertEquals(169889584L, f.field("sector").getLong(b.array(), base));
        assertEquals("WS", f.field("rwbs").getString(b.array(), base));
        assertEquals("dd", f.field("comm").getString(b.array(), base));
        assertEquals("ab", f.field("cmd").getString(b.array(), base));
    }

    @Test
    void headerFilesDescribeThePageLayout() {
        PageLayout l = Captured.layout();
        assertEquals(0, l.timestampOffset());
        assertEquals(8, l.commitOffset());
        assertEquals(8, l.commitSize());
        assertEquals(16, l.dataOffset());
        assertEquals(4080, l.dataSize());
        assertEquals(5, l.typeLenBits());
        assertEquals(27, l.timeDeltaBits());
        assertEquals(29, l.padding());
        assertEquals(30, l.timeExtend());
        assertEquals(31, l.timeStamp());
        assertEquals(28, l.dataMaxTypeLen());
    }

    @Test
    void stringsDecodeRightThroughTheCacheWhateverCameBefore() {
        Field comm = new Field("comm", "char comm[16]", 0, 16, false, Field.Layout.ARRAY);
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 2000; i++) {
                String name = (i % 3 == 0 ? "kworker/" : "p") + i + (i % 7 == 0 ? "\u00e9" : "");
                byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
                java.util.Arrays.fill(b.array(), (byte) 0);
                b.put(0, bytes, 0, Math.min(bytes.length, 16));
                assertEquals(new String(bytes, 0, Math.min(bytes.length, 16), StandardCharsets.UTF_8), comm.getString(b.array(), 0));
            }
        }
        b.put(0, "fio\0\0".getBytes(StandardCharsets.US_ASCII));
        String first = comm.getString(b.array(), 0);
        assertTrue(first == comm.getString(b.array(), 0), "a repeated name is decoded once");
    }
}
