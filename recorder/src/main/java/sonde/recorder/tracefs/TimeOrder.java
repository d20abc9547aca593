package sonde.recorder.tracefs;

import java.util.Arrays;

/**
 * Hands the events read into every CPU's buffer to their decoders in one time order: a run of
 * one CPU's events at a time, up to the first event of the next CPU in line. Each CPU's own
 * events are already in order (see CpuBuffer), so this costs a comparison per source when the
 * CPU changes, and nothing per event otherwise. Equal stamps on two CPUs go in source order.
 */
final class TimeOrder {
    private final Handlers handlers;
    private CpuBuffer[] buffers = new CpuBuffer[0];

    TimeOrder(Handlers handlers) {
        this.handlers = handlers;
    }

    void add(CpuBuffer[] more) {
        CpuBuffer[] all = Arrays.copyOf(buffers, buffers.length + more.length);
        System.arraycopy(more, 0, all, buffers.length, more.length);
        buffers = all;
    }

    /** Every read event stamped before {@code watermark}, in time order. */
    void release(long watermark) {
        CpuBuffer[] all = buffers;
        while (true) {
            CpuBuffer min = null;
            long minTs = Long.MAX_VALUE;
            long next = Long.MAX_VALUE;
            for (CpuBuffer b : all) {
                if (b.head < b.count) {
                    long t = b.ts[b.head];
                    if (t < minTs) {
                        next = minTs;
                        minTs = t;
                        min = b;
                    } else if (t < next) {
                        next = t;
                    }
                }
            }
            if (min == null || minTs >= watermark) {
                break;
            }
            long limit = Math.min(next, watermark);
            long[] ts = min.ts;
            int[] off = min.off;
            int i = min.head;
            int end = min.count;
            do {
                handlers.dispatch(min.cpu, ts[i], min.arena, off[i]);
                i++;
            } while (i < end && ts[i] < limit);
            min.head = i;
        }
        for (CpuBuffer b : all) {
            b.released();
        }
    }
}
