package sonde.recorder.sink.kafka;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import sonde.schema.CpuSample;
import sonde.schema.DiskIo;
import sonde.schema.Frame;
import sonde.schema.JitSymbol;
import sonde.schema.LostEvents;
import sonde.schema.Recording;
import sonde.schema.VfsIo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka message values: Avro single-object encoding (marker C3 01, the 8-byte CRC-64-AVRO
 * fingerprint of the writer's schema, then the binary record), so no schema registry is needed.
 * Decoding knows the current schema and every version in {@link SchemaHistory} of each kind, and
 * resolves old rows to the current classes.
 */
public final class EventCodec {
    private static final Map<Schema, BinaryMessageEncoder<SpecificRecord>> ENCODERS = new ConcurrentHashMap<>();
    private static final Map<String, Schema> CURRENT = Map.of(
            "disk_io", DiskIo.getClassSchema(), "vfs_io", VfsIo.getClassSchema(),
            "cpu_sample", CpuSample.getClassSchema(), "recording", Recording.getClassSchema(),
            "jit_symbol", JitSymbol.getClassSchema());

    static {
        // Avro instantiates only trusted classes when decoding: trust exactly the generated ones
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder().add(DiskIo.class).add(VfsIo.class).add(CpuSample.class)
                        .add(Recording.class).add(Frame.class).add(LostEvents.class).add(JitSymbol.class).build()));
    }

    private final Map<String, BinaryMessageDecoder<SpecificRecord>> decoders = new ConcurrentHashMap<>();

    private EventCodec() {
    }

    /** A decoder for every kind, knowing the current and all historical writer schemas. */
    public static EventCodec forReading() {
        EventCodec c = new EventCodec();
        Map<String, List<Schema>> old = SchemaHistory.load();
        CURRENT.forEach((kind, schema) -> {
            BinaryMessageDecoder<SpecificRecord> d = new BinaryMessageDecoder<>(SpecificData.get(), schema);
            old.getOrDefault(kind, List.of()).forEach(d::addSchema);
            c.decoders.put(kind, d);
        });
        return c;
    }

    /** The single-object encoding of a row, with its class's schema. */
    public static byte[] encode(SpecificRecord row) {
        BinaryMessageEncoder<SpecificRecord> e = ENCODERS.computeIfAbsent(row.getSchema(),
                s -> new BinaryMessageEncoder<>(SpecificData.get(), s));
        try {
            ByteBuffer b = e.encode(row);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException ex) {
            throw new IllegalStateException("encoding a " + row.getSchema().getName() + " row failed", ex);
        }
    }

    /**
     * Decodes a value of a kind's topic.
     *
     * @throws IOException or an AvroRuntimeException (MissingSchemaException for an unknown
     *                     fingerprint, BadHeaderException for no single-object header) on a bad value
     */
    public SpecificRecord decode(String kind, byte[] value) throws IOException {
        BinaryMessageDecoder<SpecificRecord> d = decoders.get(kind);
        if (d == null) {
            throw new IOException("no schema for kind " + kind);
        }
        return d.decode(value);
    }

    /** The fingerprint a value's header names (little-endian, as Avro writes it), or null without a header. */
    public static Long fingerprintOf(byte[] value) {
        if (value == null || value.length < 10 || value[0] != (byte) 0xC3 || value[1] != 0x01) {
            return null;
        }
        return ByteBuffer.wrap(value, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    public static long fingerprint(Schema s) {
        return SchemaNormalization.parsingFingerprint64(s);
    }
}
