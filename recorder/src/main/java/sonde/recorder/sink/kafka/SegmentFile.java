package sonde.recorder.sink.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The byte format of one spool segment: the magic {@code SONDSPL1}, then frames of u32 payload
 * length, u32 CRC-32C of the payload, payload; big-endian.
 */
final class SegmentFile {
    static final int FRAME_HEADER = 8;
    static final byte[] MAGIC = {'S', 'O', 'N', 'D', 'S', 'P', 'L', '1'};
    static final int MAX_FRAME = 16 << 20;

    private SegmentFile() {
    }

    /** The frame around a payload, ready to write. */
    static ByteBuffer frame(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(FRAME_HEADER + payload.length).putInt(payload.length).putInt((int) crc.getValue())
                .put(payload).flip();
    }

    /**
     * The intact frames of a segment, in order. Reading stops at the first frame that is short,
     * has an impossible length, fails its CRC or does not parse: after a crash only the last frame
     * can be torn, and nothing after a damaged frame can be trusted to be framed right.
     */
    static Spool.Segment read(Path segment) throws IOException {
        byte[] all;
        try (InputStream in = Files.newInputStream(segment, LinkOption.NOFOLLOW_LINKS)) {
            all = in.readAllBytes();
        }
        List<SpoolRecord> records = new ArrayList<>();
        if (all.length < MAGIC.length || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return new Spool.Segment(records, all.length);
        }
        ByteBuffer b = ByteBuffer.wrap(all).position(MAGIC.length);
        while (b.remaining() >= FRAME_HEADER) {
            int start = b.position();
            int len = b.getInt();
            int crc = b.getInt();
            if (len < 4 || len > MAX_FRAME - FRAME_HEADER || len > b.remaining()) {
                b.position(start);
                break;
            }
            byte[] payload = new byte[len];
            b.get(payload);
            CRC32C c = new CRC32C();
            c.update(payload);
            SpoolRecord r = (int) c.getValue() == crc ? parse(payload) : null;
            if (r == null) {
                b.position(start);
                break;
            }
            records.add(r);
        }
        return new Spool.Segment(records, b.remaining());
    }

    private static SpoolRecord parse(byte[] payload) {
        try {
            return SpoolRecord.parse(payload);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
