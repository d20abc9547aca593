package sonde.analyzer.export;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A protobuf decoder for tests, written from the encoding spec (not from ProtoWriter): one
 * message's fields by number, varints as Long and length-delimited fields as byte[]. Fails on
 * anything malformed: a truncated varint or length, a wire type pprof does not use.
 */
final class ProtoReader {
    private final Map<Integer, List<Object>> fields = new LinkedHashMap<>();

    ProtoReader(byte[] b) {
        int[] pos = {0};
        while (pos[0] < b.length) {
            long key = varint(b, pos);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == 0) {
                throw new IllegalArgumentException("field number 0 at byte " + pos[0]);
            }
            Object v;
            if (wire == 0) {
                v = varint(b, pos);
            } else if (wire == 2) {
                long len = varint(b, pos);
                if (len < 0 || pos[0] + len > b.length) {
                    throw new IllegalArgumentException("length " + len + " past the end at byte " + pos[0]);
                }
                byte[] body = new byte[(int) len];
                System.arraycopy(b, pos[0], body, 0, (int) len);
                pos[0] += (int) len;
                v = body;
            } else {
                throw new IllegalArgumentException("wire type " + wire + " of field " + field);
            }
            fields.computeIfAbsent(field, k -> new ArrayList<>()).add(v);
        }
    }

    static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos[0] >= b.length) {
                throw new IllegalArgumentException("truncated varint");
            }
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    /** A scalar field's value; 0 when absent (proto3 default). */
    long scalar(int field) {
        List<Object> vs = fields.getOrDefault(field, List.of());
        return vs.isEmpty() ? 0 : (Long) vs.get(vs.size() - 1);
    }

    /** A repeated varint field, packed or not. */
    List<Long> longs(int field) {
        List<Long> out = new ArrayList<>();
        for (Object v : fields.getOrDefault(field, List.of())) {
            if (v instanceof Long l) {
                out.add(l);
            } else {
                byte[] b = (byte[]) v;
                int[] pos = {0};
                while (pos[0] < b.length) {
                    out.add(varint(b, pos));
                }
            }
        }
        return out;
    }

    List<ProtoReader> messages(int field) {
        List<ProtoReader> out = new ArrayList<>();
        for (Object v : fields.getOrDefault(field, List.of())) {
            out.add(new ProtoReader((byte[]) v));
        }
        return out;
    }

    ProtoReader message(int field) {
        List<ProtoReader> ms = messages(field);
        return ms.isEmpty() ? new ProtoReader(new byte[0]) : ms.get(ms.size() - 1);
    }

    List<String> strings(int field) {
        List<String> out = new ArrayList<>();
        for (Object v : fields.getOrDefault(field, List.of())) {
            out.add(new String((byte[]) v, StandardCharsets.UTF_8));
        }
        return out;
    }

    boolean has(int field) {
        return fields.containsKey(field);
    }
}
