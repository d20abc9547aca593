package sonde.recorder.tracefs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Ring-buffer pages in the kernel's layout (little-endian, 4 KiB, as in the captured
 * header_page), holding events of 16-byte payloads: a u16 tracepoint id at 0 and a u64 value
 * at 8 (the {@link #FORMAT} layout, under any id).
 */
final class SyntheticPages {
    static final int SIZE = 4096;
    static final String FORMAT = """
            name: %s
            ID: %d
            format:
            \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
            \tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
            \tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
            \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;
            \tfield:u64 value;\toffset:8;\tsize:8;\tsigned:0;

            print fmt: "%%llu", REC->value
            """;

    /** One event: its time stamp, tracepoint id and value. */
    record Ev(long ts, int id, long value) {
    }

    /** The events of one page (times ascending), and the events the kernel flagged lost before it (0 for none). */
    record Page(List<Ev> events, long missed) {
    }

    private SyntheticPages() {
    }

    static EventFormat format(String name, int id) {
        return EventFormat.parse("test", String.format(FORMAT, name, id));
    }

    /** As many pages as the events need, none flagged. */
    static List<Page> fill(List<Ev> events) {
        List<Page> pages = new ArrayList<>();
        int perPage = (SIZE - 16) / 20;
        for (int i = 0; i < events.size(); i += perPage) {
            pages.add(new Page(events.subList(i, Math.min(events.size(), i + perPage)), 0));
        }
        return pages;
    }

    /** The pages as the kernel hands them out: the page time stamp is its first event's. */
    static byte[] bytes(List<Page> pages) {
        byte[] all = new byte[pages.size() * SIZE];
        for (int k = 0; k < pages.size(); k++) {
            ByteBuffer p = ByteBuffer.wrap(all, k * SIZE, SIZE).slice().order(ByteOrder.LITTLE_ENDIAN);
            List<Ev> events = pages.get(k).events();
            long last = events.isEmpty() ? 0 : events.get(0).ts();
            p.putLong(0, last);
            int pos = 16;
            for (Ev e : events) {
                p.putInt(pos, 4 | (int) ((e.ts() - last) << 5)); // type_len 4: 16 bytes of payload
                p.putShort(pos + 4, (short) e.id());
                p.putLong(pos + 12, e.value());
                last = e.ts();
                pos += 20;
            }
            long missed = pages.get(k).missed();
            if (missed > 0) {
                p.putLong(pos, missed);
                p.putLong(8, (pos - 16) | PageDecoder.MISSED_EVENTS | PageDecoder.MISSED_STORED);
            } else {
                p.putLong(8, pos - 16);
            }
        }
        return all;
    }
}
