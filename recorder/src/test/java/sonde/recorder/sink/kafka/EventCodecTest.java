package sonde.recorder.sink.kafka;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import sonde.recorder.testing.Rows;
import sonde.schema.DiskIo;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventCodecTest {
    static DiskIo disk(long seq) {
        return Rows.disk("r1", seq);
    }

    @Test
    void rowsRoundTripWithTheFingerprintInTheMessage() throws Exception {
        byte[] bytes = EventCodec.encode(disk(7));
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        assertEquals(EventCodec.fingerprint(DiskIo.getClassSchema()), EventCodec.fingerprintOf(bytes));
        SpecificRecord back = EventCodec.forReading().decode("disk_io", bytes);
        assertEquals(disk(7), back);
    }

    @Test
    void rowsOfTheSchemaBeforeEventSeqDecodeWithEventSeqZero() throws Exception {
        List<Schema> old = SchemaHistory.load().get("disk_io");
        assertEquals(3, old.size(), "v1, v2, v3");
        Schema v1 = old.get(0);
        assertNotEquals(EventCodec.fingerprint(v1), EventCodec.fingerprint(DiskIo.getClassSchema()));
        GenericRecord r = new GenericData.Record(v1);
        DiskIo now = disk(0);
        for (Schema.Field f : v1.getFields()) {
            r.put(f.name(), now.get(f.name()));
        }
        ByteBuffer b = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(r);
        byte[] bytes = Arrays.copyOfRange(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
        DiskIo back = (DiskIo) EventCodec.forReading().decode("disk_io", bytes);
        assertEquals(now, back);
        assertEquals(0L, back.getEventSeq());
    }

    /**
     * A recorder of every released disk_io schema (the one before pairing_uncertain, the one
     * before merged_bio: recorders of a fleet are upgraded one by one) is read by this ingester,
     * the fields it did not have at their defaults; no two versions share a fingerprint.
     */
    @Test
    void rowsOfEveryOlderDiskIoSchemaDecode() throws Exception {
        List<Schema> old = SchemaHistory.load().get("disk_io");
        java.util.Set<Long> prints = new java.util.HashSet<>(List.of(EventCodec.fingerprint(DiskIo.getClassSchema())));
        for (Schema v : old) {
            assertTrue(prints.add(EventCodec.fingerprint(v)), "a version with a fingerprint of its own: " + v);
            GenericRecord r = new GenericData.Record(v);
            DiskIo now = disk(3);
            for (Schema.Field f : v.getFields()) {
                r.put(f.name(), now.get(f.name()));
            }
            ByteBuffer b = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v).encode(r);
            byte[] bytes = Arrays.copyOfRange(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
            DiskIo back = (DiskIo) EventCodec.forReading().decode("disk_io", bytes);
            assertEquals(false, back.getMergedBio());
            assertEquals(now.getBytes(), back.getBytes());
            assertEquals(now.getComm(), back.getComm());
        }
    }

    @Test
    void everyKindHasAnOldVersion() {
        assertEquals(List.of("disk_io", "vfs_io", "cpu_sample", "recording"), List.copyOf(SchemaHistory.load().keySet()));
    }

    @Test
    void anUnknownFingerprintIsAMissingSchema() {
        byte[] bytes = EventCodec.encode(disk(1));
        bytes[5] ^= 0x7f;
        assertThrows(MissingSchemaException.class, () -> EventCodec.forReading().decode("disk_io", bytes));
    }

    @Test
    void aValueOfAnotherKindIsNotDecodedAsThisOne() {
        byte[] bytes = EventCodec.encode(disk(1));
        assertThrows(MissingSchemaException.class, () -> EventCodec.forReading().decode("vfs_io", bytes));
    }

    @Test
    void garbageIsRejected() {
        assertThrows(AvroRuntimeException.class, () -> EventCodec.forReading().decode("disk_io", "garbage!!".getBytes()));
        byte[] cut = Arrays.copyOf(EventCodec.encode(disk(1)), 14);
        assertThrows(Exception.class, () -> EventCodec.forReading().decode("disk_io", cut));
    }
}
