package sonde.analyzer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import sonde.analyzer.export.internal.ProtoWriter;

/** Byte vectors from the protobuf encoding documentation, and round trips through ProtoReader. */
class ProtoWriterTest {
    private static byte[] bytes(ProtoWriter w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.writeTo(out);
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void encodesVarintsAsTheSpecShows() throws IOException {
        assertArrayEquals(hex("08 96 01"), bytes(new ProtoWriter().varint(1, 150)));
        assertArrayEquals(hex("08 01"), bytes(new ProtoWriter().varint(1, 1)));
        // a negative int64 is ten bytes; field 2
        assertArrayEquals(hex("10 ff ff ff ff ff ff ff ff ff 01"), bytes(new ProtoWriter().varint(2, -1)));
        assertArrayEquals(hex("f8 01 05"), bytes(new ProtoWriter().varint(31, 5)), "a two-byte tag");
    }

    @Test
    void leavesZeroScalarsOutButWritesEmptyStrings() throws IOException {
        assertArrayEquals(new byte[0], bytes(new ProtoWriter().varint(1, 0).bool(7, false)));
        assertArrayEquals(hex("32 00"), bytes(new ProtoWriter().string(6, "")));
        assertArrayEquals(hex("12 07 74 65 73 74 69 6e 67"), bytes(new ProtoWriter().string(2, "testing")));
    }

    @Test
    void packsRepeatedVarints() throws IOException {
        // the spec's example: field 4, [3, 270, 86942]
        assertArrayEquals(hex("22 06 03 8e 02 9e a7 05"), bytes(new ProtoWriter().packed(4, new long[] {3, 270, 86942}, 3)));
        assertArrayEquals(new byte[0], bytes(new ProtoWriter().packed(4, new long[] {1}, 0)));
    }

    @Test
    void nestsMessagesAndRoundTrips() throws IOException {
        ProtoWriter inner = new ProtoWriter().varint(1, 150).string(2, "h\u00e9").packed(3, new long[] {Long.MIN_VALUE, -1, 0, 1L << 62}, 4);
        ProtoWriter outer = new ProtoWriter().message(5, inner).message(5, new ProtoWriter().reset());
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        ProtoWriter.writeField(streamed, 5, inner);
        ProtoReader r = new ProtoReader(bytes(outer));
        assertEquals(2, r.messages(5).size());
        ProtoReader in = r.messages(5).get(0);
        assertEquals(150, in.scalar(1));
        assertEquals(List.of("h\u00e9"), in.strings(2));
        assertEquals(List.of(Long.MIN_VALUE, -1L, 0L, 1L << 62), in.longs(3));
        assertArrayEquals(streamed.toByteArray(), java.util.Arrays.copyOf(bytes(outer), streamed.size()),
                "streaming a field writes what nesting it does");
    }
}
