package sonde.recorder.tracefs;

/**
 * Decodes one ring-buffer page as read from per_cpu/cpuN/trace_pipe_raw. Follows the kernel's
 * own reader (rb_update_read_stamp): data events and time extends advance the clock, absolute
 * time stamps set it, and padding (left-over space, or an event discarded by a filter) is
 * skipped without advancing it.
 */
public final class PageDecoder {
    /** Receives what a page holds. The buffer is reused after {@link #decode} returns. */
    public interface Visitor {
        /** One tracepoint record: {@code length} payload bytes at {@code offset}, common_type first. */
        void event(int cpu, long tsNs, byte[] page, int offset, int length);

        /**
         * The kernel overwrote events before this page because the reader fell behind: they were
         * stamped after what was read of this CPU before and before this page.
         *
         * @param count    the number lost, or -1 when the page had no room to store it
         * @param pageTsNs the page's time stamp (its first event's)
         */
        void missed(int cpu, long count, long pageTsNs);
    }

    static final long MISSED_EVENTS = 1L << 31;
    static final long MISSED_STORED = 1L << 30;
    static final long COMMIT_MASK = (1L << 27) - 1;
    private static final long TS_MSB = 0xf8L << 56;

    private final PageLayout layout;
    private final int typeLenMask;

    public PageDecoder(PageLayout layout) {
        this.layout = layout;
        this.typeLenMask = layout.typeLenMask();
    }

    /**
     * @param page   the page bytes from index 0 (native byte order)
     * @param length bytes read into it
     * @return the number of data events handed to the visitor
     */
    public int decode(byte[] page, int length, int cpu, Visitor visitor) {
        return decode(page, 0, length, cpu, visitor);
    }

    /** Decodes the page that starts at {@code base} in {@code buf}. */
    public int decode(byte[] page, int base, int length, int cpu, Visitor visitor) {
        long ts = Bytes.i64(page, base + layout.timestampOffset());
        long commit = layout.commitSize() == 8
                ? Bytes.i64(page, base + layout.commitOffset())
                : Integer.toUnsignedLong(Bytes.i32(page, base + layout.commitOffset()));
        int size = (int) (commit & COMMIT_MASK);
        int end = base + Math.min(layout.dataOffset() + size, length);
        if ((commit & MISSED_EVENTS) != 0) {
            boolean stored = (commit & MISSED_STORED) != 0 && end + 8 <= base + length;
            visitor.missed(cpu, stored ? Bytes.i64(page, end) : -1, ts);
        }
        int events = 0;
        int pos = base + layout.dataOffset();
        while (pos + 4 <= end) {
            int header = Bytes.i32(page, pos);
            int typeLen = header & typeLenMask;
            long delta = Integer.toUnsignedLong(header) >>> layout.typeLenBits();
            if (typeLen == layout.padding()) {
                if (delta == 0) {
                    break; // the rest of the page is empty
                }
                pos += 4 + Bytes.i32(page, pos + 4);
            } else if (typeLen == layout.timeExtend()) {
                ts += (Integer.toUnsignedLong(Bytes.i32(page, pos + 4)) << layout.timeDeltaBits()) + delta;
                pos += 8;
            } else if (typeLen == layout.timeStamp()) {
                ts = absolute((Integer.toUnsignedLong(Bytes.i32(page, pos + 4)) << layout.timeDeltaBits()) + delta, ts);
                pos += 8;
            } else if (typeLen == 0) {
                int len = Bytes.i32(page, pos + 4) - 4;
                ts += delta;
                if (len < 0 || pos + 8 + len > end) {
                    break; // torn page: nothing after this can be trusted
                }
                visitor.event(cpu, ts, page, pos + 8, len);
                events++;
                pos += 8 + ((len + 3) & ~3);
            } else if (typeLen <= layout.dataMaxTypeLen()) {
                int len = typeLen * 4;
                ts += delta;
                if (pos + 4 + len > end) {
                    break;
                }
                visitor.event(cpu, ts, page, pos + 4, len);
                events++;
                pos += 4 + len;
            } else {
                break; // unknown type: stop rather than misread
            }
        }
        return events;
    }

    /** An absolute stamp holds only the low 59 bits; the top bits come from the clock so far. */
    private static long absolute(long stamp, long current) {
        if ((current & TS_MSB) == 0) {
            return stamp;
        }
        long ts = stamp | (current & TS_MSB);
        return Long.compareUnsigned(ts, current) < 0 ? ts + (1L << 59) : ts;
    }
}
