package sonde.recorder.sink.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One Kafka message held in the spool: topic, key and value, as the producer would send them.
 *
 * <p>Frame payload format: u16 topic length, topic (UTF-8), u16 key length, key, then the value
 * to the end of the payload (see {@link Spool} for the frame around it).
 */
public record SpoolRecord(String topic, byte[] key, byte[] value) {
    private static final int MAX_NAME = 0xFFFF;

    public SpoolRecord {
        if (topic.getBytes(StandardCharsets.UTF_8).length > MAX_NAME || key.length > MAX_NAME) {
            throw new IllegalArgumentException("topic or key longer than 65535 bytes");
        }
    }

    byte[] payload() {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + t.length + key.length + value.length);
        b.putShort((short) t.length).put(t).putShort((short) key.length).put(key).put(value);
        return b.array();
    }

    /** Parses a payload written by {@link #payload}; throws IllegalArgumentException on a bad one. */
    static SpoolRecord parse(byte[] payload) {
        try {
            ByteBuffer b = ByteBuffer.wrap(payload);
            byte[] t = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(t);
            byte[] k = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(k);
            byte[] v = new byte[b.remaining()];
            b.get(v);
            return new SpoolRecord(new String(t, StandardCharsets.UTF_8), k, v);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("spool frame payload too short");
        }
    }

    /** Bytes this record takes in a segment file, frame header included. */
    int frameBytes() {
        return SegmentFile.FRAME_HEADER + 4 + topic.getBytes(StandardCharsets.UTF_8).length + key.length + value.length;
    }
}
