package sonde.recorder.tracefs;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PageDecoderTest {
    private static final PageLayout LAYOUT = Captured.layout();

    /** What a decoded event looks like in the kernel's own text output, reduced to comparable parts. */
    private record Seen(long tsNs, String name, String dev, String rwbs, long sector, long sectors) {
        /** The kernel prints microseconds rounded to nearest (ns2usecs adds 500). */
        String line() {
            long us = (tsNs + 500) / 1000;
            return String.format("%d.%06d %s %s %s %d + %d", us / 1_000_000, us % 1_000_000,
                    name, dev, rwbs, sector, sectors);
        }
    }

    @Test
    void decodesACapturedPageExactlyAsTheKernelPrintsIt() {
        Map<Integer, EventFormat> formats = new java.util.HashMap<>();
        for (String f : new String[] {"block_io_start", "block_rq_issue", "block_rq_complete"}) {
            EventFormat e = Captured.format("block", f + ".format");
            formats.put(e.id(), e);
        }
        byte[] raw = Captured.bytes("cpu1.pages");
        List<String> decoded = new ArrayList<>();
        Field type = formats.values().iterator().next().field("common_type");
        new PageDecoder(LAYOUT).decode(raw, raw.length, 1, new PageDecoder.Visitor() {
            @Override
            public void event(int cpu, long ts, byte[] b, int off, int len) {
                EventFormat f = formats.get(type.getInt(b, off));
                int dev = f.field("dev").getInt(b, off);
                decoded.add(new Seen(ts, f.name(), (dev >>> 20) + "," + (dev & 0xfffff), f.field("rwbs").getString(b, off),
                        f.field("sector").getLong(b, off), f.field("nr_sector").getLong(b, off)).line());
            }

            @Override
            public void missed(int cpu, long count, long pageTsNs) {
                decoded.add("missed " + count);
            }
        });
        assertEquals(kernelText(), decoded);
    }

    /** The same events from the instance's `trace` file (cpu 1), in the same reduced form. */
    private static List<String> kernelText() {
        Pattern p = Pattern.compile("\\[001\\] \\S+\\s+(\\d+\\.\\d+): (\\w+): (\\d+,\\d+) (\\w+) (?:\\d+ )?\\(\\) (\\d+) \\+ (\\d+)");
        List<String> lines = new ArrayList<>();
        for (String line : Captured.text("trace.txt").split("\n")) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                lines.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4) + " " + m.group(5)
                        + " + " + m.group(6));
            }
        }
        if (lines.size() < 10) {
            throw new IllegalStateException("captured trace.txt has too few events: " + lines.size());
        }
        return lines;
    }

    private static final class Page {
        final ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 16;

        Page(long ts) {
            b.putLong(0, ts);
        }

        Page data(long delta, int... words) {
            b.putInt(pos, (int) (delta << 5) | words.length);
            pos += 4;
            for (int w : words) {
                b.putInt(pos, w);
                pos += 4;
            }
            return this;
        }

        Page big(long delta, int payloadWords) {
            b.putInt(pos, (int) (delta << 5));
            b.putInt(pos + 4, payloadWords * 4 + 4);
            b.putInt(pos + 8, 0xB16);
            pos += 8 + payloadWords * 4;
            return this;
        }

        Page extend(long delta) {
            b.putInt(pos, (int) ((delta & ((1 << 27) - 1)) << 5) | 30);
            b.putInt(pos + 4, (int) (delta >>> 27));
            pos += 8;
            return this;
        }

        Page absolute(long ts) {
            b.putInt(pos, (int) ((ts & ((1 << 27) - 1)) << 5) | 31);
            b.putInt(pos + 4, (int) (ts >>> 27));
            pos += 8;
            return this;
        }

        Page discarded(long delta, int bytes) {
            b.putInt(pos, (int) (delta << 5) | 29);
            b.putInt(pos + 4, bytes);
            pos += 4 + bytes;
            return this;
        }

        Page commit(long flags, Long missed) {
            b.putLong(8, (pos - 16) | flags);
            if (missed != null) {
                b.putLong(pos, missed);
            }
            return this;
        }
    }

    private static List<String> decode(Page p) {
        List<String> out = new ArrayList<>();
        new PageDecoder(LAYOUT).decode(p.b.array(), 4096, 0, new PageDecoder.Visitor() {
            @Override
            public void event(int cpu, long ts, byte[] b, int off, int len) {
                out.add(ts + ":" + len + ":" + Integer.toHexString(java.nio.ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(off)));
            }

            @Override
            public void missed(int cpu, long count, long pageTsNs) {
                out.add("missed " + count + " before " + pageTsNs);
            }
        });
        return out;
    }

    @Test
    void timeExtendsAddTheirLongDelta() {
        long big = 5_000_000_000L; // 5 s: needs the extend's upper bits
        Page p = new Page(1000).data(10, 0xA).extend(big).data(3, 0xB).commit(0, null);
        assertEquals(List.of("1010:4:a", (1010 + big + 3) + ":4:b"), decode(p));
    }

    @Test
    void absoluteStampsReplaceTheClock() {
        Page p = new Page(1000).data(1, 0xA).absolute(7_777_777_777L).data(2, 0xB).commit(0, null);
        assertEquals(List.of("1001:4:a", "7777777779:4:b"), decode(p));
    }

    @Test
    void discardedEventsAreSkippedWithoutAdvancingTheClock() {
        Page p = new Page(1000).data(1, 0xA).discarded(50, 12).data(2, 0xB).commit(0, null);
        assertEquals(List.of("1001:4:a", "1003:4:b"), decode(p));
    }

    @Test
    void longEventsCarryTheirLengthInTheFirstWord() {
        Page p = new Page(0).big(4, 40).data(1, 0xC).commit(0, null);
        assertEquals(List.of("4:160:b16", "5:4:c"), decode(p));
    }

    @Test
    void missedEventsWithAStoredCount() {
        Page p = new Page(7000).data(1, 0xA).commit(PageDecoder.MISSED_EVENTS | PageDecoder.MISSED_STORED, 12345L);
        assertEquals(List.of("missed 12345 before 7000", "7001:4:a"), decode(p));
    }

    @Test
    void missedEventsWithoutRoomForTheCount() {
        Page p = new Page(0).data(1, 0xA).commit(PageDecoder.MISSED_EVENTS, null);
        assertEquals(List.of("missed -1 before 0", "1:4:a"), decode(p));
    }

    @Test
    void paddingWithoutDeltaEndsThePage() {
        Page p = new Page(0).data(1, 0xA);
        p.b.putInt(p.pos, 29);
        p.pos += 4;
        p.data(1, 0xB).commit(0, null);
        assertEquals(List.of("1:4:a"), decode(p));
    }

    @Test
    void aTornLengthStopsDecodingInsteadOfReadingGarbage() {
        Page p = new Page(0).data(1, 0xA);
        p.b.putInt(p.pos, 1 << 5);
        p.b.putInt(p.pos + 4, 100_000);
        p.pos += 8;
        p.commit(0, null);
        assertEquals(List.of("1:4:a"), decode(p));
    }
}
