package sonde.recorder.tracefs;

import sonde.recorder.cli.UserError;
import sonde.recorder.perf.NativeException;
import sonde.recorder.perf.NonBlockingFile;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Reads every CPU's trace_pipe_raw of one instance page by page, hands records to the
 * session's handlers, and counts what the kernel reports lost. Each {@link #poll} returns a
 * watermark: every event stamped before it has been delivered, whichever CPU it was on, so
 * events can be merged into one time order across CPUs.
 */
public final class TraceReader implements Closeable, PageDecoder.Visitor {
    /** Allowance for an event stamped just before a read but committed just after it. */
    static final long COMMIT_SLACK_NS = 2_000_000;

    private final TraceInstance instance;
    private final Handlers handlers;
    private final int firstSource;
    private final PageDecoder decoder;
    private final int[] cpus;
    private final NonBlockingFile[] pipes;
    private final long[] lastTs;
    private final long[] missed;
    private final int[] missedUnknown;
    private final ByteBuffer page;
    private long decoded;
    private int lastPollPages;

    /** @param firstSource the merge source number of this instance's first CPU (then one per CPU) */
    public TraceReader(TraceInstance instance, PageLayout layout, Handlers handlers, List<Integer> cpuList,
                       int firstSource) {
        this.instance = instance;
        this.handlers = handlers;
        this.firstSource = firstSource;
        this.decoder = new PageDecoder(layout);
        this.cpus = cpuList.stream().mapToInt(Integer::intValue).toArray();
        this.pipes = new NonBlockingFile[cpus.length];
        this.lastTs = new long[cpus.length];
        this.missed = new long[cpus.length];
        this.missedUnknown = new int[cpus.length];
        this.page = ByteBuffer.allocateDirect(subBufferSize(instance, layout)).order(ByteOrder.nativeOrder());
        for (int i = 0; i < cpus.length; i++) {
            try {
                pipes[i] = NonBlockingFile.open(instance.cpuPipe(cpus[i]).toString());
            } catch (NativeException e) {
                close();
                throw new UserError("cannot open the ring buffer of cpu " + cpus[i] + ": " + e.getMessage());
            }
        }
    }

    private static int subBufferSize(TraceInstance instance, PageLayout layout) {
        int fromHeader = layout.dataOffset() + layout.dataSize();
        if (instance.dir().resolve("buffer_subbuf_size_kb").toFile().exists()) {
            try {
                return Math.max(fromHeader, Integer.parseInt(instance.read("buffer_subbuf_size_kb").trim()) * 1024);
            } catch (NumberFormatException e) {
                return fromHeader;
            }
        }
        return fromHeader;
    }

    /**
     * Reads up to {@code maxPages} pages from each CPU.
     *
     * @return the watermark (CLOCK_MONOTONIC ns): all events stamped before it were delivered
     */
    public long poll(int maxPages) throws NativeException {
        long watermark = Long.MAX_VALUE;
        int pages = 0;
        for (int i = 0; i < cpus.length; i++) {
            long before = System.nanoTime(); // same clock as trace_clock mono
            boolean empty = false;
            handlers.source(firstSource + i);
            for (int n = 0; n < maxPages; n++) {
                page.clear();
                int got = pipes[i].read(page);
                if (got <= 0) {
                    empty = true;
                    break;
                }
                decoded += decoder.decode(page, got, i, this);
                pages++;
            }
            watermark = Math.min(watermark, empty ? before - COMMIT_SLACK_NS : lastTs[i]);
        }
        lastPollPages = pages;
        return watermark;
    }

    @Override
    public void event(int cpuIndex, long tsNs, ByteBuffer buf, int offset, int length) {
        lastTs[cpuIndex] = tsNs;
        handlers.dispatch(cpus[cpuIndex], tsNs, buf, offset);
    }

    @Override
    public void missed(int cpuIndex, long count) {
        if (count < 0) {
            missedUnknown[cpuIndex]++;
        } else {
            missed[cpuIndex] += count;
        }
    }

    /** Pages read by the last {@link #poll}, over all CPUs. */
    public int lastPollPages() {
        return lastPollPages;
    }

    public int[] cpus() {
        return cpus.clone();
    }

    /** Events lost per CPU index: the larger of what the pages flagged and the kernel's own counters. */
    public long[] lost() {
        long[] lost = new long[cpus.length];
        for (int i = 0; i < cpus.length; i++) {
            lost[i] = Math.max(missed[i], instance.stats(cpus[i]).lost());
        }
        return lost;
    }

    /** Pages that flagged a loss without room to say how many, per CPU index. */
    public int[] missedUncounted() {
        return missedUnknown.clone();
    }

    public long decodedEvents() {
        return decoded;
    }

    @Override
    public void close() {
        for (NonBlockingFile f : pipes) {
            if (f != null) {
                f.close();
            }
        }
    }
}
