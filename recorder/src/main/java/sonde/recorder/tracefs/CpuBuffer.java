package sonde.recorder.tracefs;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import sonde.recorder.perf.NativeException;
import sonde.recorder.perf.NonBlockingFile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One CPU's ring buffer of one instance, and the events read from it that wait for their turn
 * in time order. Each page read is copied into an arena (a byte array: decoders read its fields
 * with plain array reads, see Bytes), decoded there, and each event is indexed by time stamp
 * and payload offset; the events stay in the arena, undecoded, until the session hands them to
 * their decoders in time order across all CPUs. Released space is reused from the start once
 * everything is released, or the unreleased tail is moved down.
 */
final class CpuBuffer implements PageDecoder.Visitor {
    final int cpu;
    /** The merge-order tie-break: sources with equal time stamps go in this order. */
    final int source;
    private final NonBlockingFile pipe;
    private final Handlers handlers;
    private final PageDecoder decoder;
    private final Losses losses;
    private final int pageSize;
    final byte[] arena;
    /** Where read(2) puts a page (native memory), before it is copied into the arena. */
    private final ByteBuffer page;
    private final Pointer pageAddress;
    private int write;
    long[] ts = new long[1024];
    int[] off = new int[1024];
    int head;
    int count;
    private long lastTs = Long.MIN_VALUE;
    private long missed;
    private int missedUnknown;
    private long decoded;
    /** Whether the last read found the buffer empty (so everything stamped before that read is in). */
    boolean drained;
    /** CLOCK_MONOTONIC just before the read that found it empty. */
    long drainedAtNs;
    /** Events the kernel overwrote before the next page were stamped at or after this. */
    private long lostAfterNs;

    CpuBuffer(int cpu, int source, NonBlockingFile pipe, Handlers handlers, PageLayout layout, int pageSize,
              int arenaPages, Losses losses) {
        this.cpu = cpu;
        this.source = source;
        this.pipe = pipe;
        this.handlers = handlers;
        this.decoder = new PageDecoder(layout);
        this.losses = losses;
        this.pageSize = pageSize;
        this.arena = new byte[pageSize * arenaPages];
        this.page = ByteBuffer.allocateDirect(pageSize).order(ByteOrder.nativeOrder());
        this.pageAddress = Native.getDirectBufferPointer(page);
    }

    /**
     * Reads pages while the ring buffer has some and the arena has room, up to {@code maxPages}.
     *
     * @return pages read
     */
    int read(int maxPages) throws NativeException {
        int pages = 0;
        if (drained) {
            // found empty: what was stamped before then, less the slack, was read
            lostAfterNs = Math.max(lostAfterNs, drainedAtNs - TraceReader.COMMIT_SLACK_NS);
        }
        drained = false;
        while (pages < maxPages) {
            if (arena.length - write < pageSize) {
                makeRoom();
                if (arena.length - write < pageSize) {
                    return pages; // what is here waits for other CPUs: read on later
                }
            }
            long before = System.nanoTime(); // the same clock as trace_clock mono
            int got = pipe.read(pageAddress, pageSize);
            if (got <= 0) {
                drained = true;
                drainedAtNs = before;
                return pages;
            }
            page.get(0, arena, write, got);
            decoded += decoder.decode(arena, write, got, cpu, this);
            lostAfterNs = Math.max(lostAfterNs, lastTs);
            write += got;
            pages++;
        }
        return pages;
    }

    /** Frees the arena's released space. */
    private void makeRoom() {
        if (head == count) {
            write = 0;
            head = count = 0;
            return;
        }
        if (head == 0) {
            return;
        }
        int from = off[head];
        System.arraycopy(arena, from, arena, 0, write - from);
        write -= from;
        int n = count - head;
        System.arraycopy(ts, head, ts, 0, n);
        System.arraycopy(off, head, off, 0, n);
        for (int i = 0; i < n; i++) {
            off[i] -= from;
        }
        head = 0;
        count = n;
    }

    /** After the session released events: reuse the arena from the start if nothing waits. */
    void released() {
        if (head == count) {
            write = 0;
            head = count = 0;
        }
    }

    @Override
    public void event(int cpuIndex, long tsNs, byte[] buf, int offset, int length) {
        handlers.read(cpu, tsNs, buf, offset);
        if (count == ts.length) {
            ts = Arrays.copyOf(ts, count * 2);
            off = Arrays.copyOf(off, count * 2);
        }
        if (tsNs >= lastTs || count == head) {
            ts[count] = tsNs;
            off[count++] = offset;
        } else {
            insert(tsNs, offset); // rare: a stamp older than one already read on this CPU
        }
        lastTs = Math.max(lastTs, tsNs);
    }

    private void insert(long tsNs, int offset) {
        int i = count;
        while (i > head && ts[i - 1] > tsNs) {
            ts[i] = ts[i - 1];
            off[i] = off[i - 1];
            i--;
        }
        ts[i] = tsNs;
        off[i] = offset;
        count++;
    }

    @Override
    public void missed(int cpuIndex, long n, long pageTsNs) {
        losses.add(lostAfterNs, Math.max(lostAfterNs, pageTsNs));
        if (n < 0) {
            missedUnknown++;
        } else {
            missed += n;
        }
    }

    /** Every event stamped before this has been read (CLOCK_MONOTONIC ns). */
    long watermark(long commitSlackNs) {
        return drained ? drainedAtNs - commitSlackNs : lastTs;
    }

    long missed() {
        return missed;
    }

    int missedUncounted() {
        return missedUnknown;
    }

    int fd() {
        return pipe.fd();
    }

    long decoded() {
        return decoded;
    }

    void close() {
        pipe.close();
    }
}
