package sonde.recorder.tracefs;

import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UserError;
import sonde.recorder.perf.NativeException;
import sonde.recorder.perf.NonBlockingFile;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every CPU's trace_pipe_raw of one instance into a {@link CpuBuffer} each, and counts
 * what the kernel reports lost. After each {@link #poll}, every event stamped before
 * {@link #watermark} has been read, whichever CPU it was on, so the session can hand events
 * out in one time order across CPUs.
 */
public final class TraceReader implements Closeable {
    /** Allowance for an event stamped just before a read but committed just after it. */
    static final long COMMIT_SLACK_NS = 2_000_000;
    /** Arena per CPU, in pages: what one poll may read of a CPU, and what may wait there for other CPUs. */
    static final int ARENA_PAGES = 128;

    private final TraceInstance instance;
    private final CpuBuffer[] buffers;
    private final Losses losses = new Losses();
    private int lastPollPages;

    /** @param firstSource the merge source number of this instance's first CPU (then one per CPU) */
    public TraceReader(TraceInstance instance, PageLayout layout, Handlers handlers, List<Integer> cpuList,
                       int firstSource) {
        this.instance = instance;
        int pageSize = subBufferSize(instance, layout);
        List<CpuBuffer> opened = new ArrayList<>();
        for (int i = 0; i < cpuList.size(); i++) {
            int cpu = cpuList.get(i);
            try {
                NonBlockingFile pipe = NonBlockingFile.open(instance.cpuPipe(cpu).toString());
                opened.add(new CpuBuffer(cpu, firstSource + i, pipe, handlers, layout, pageSize, ARENA_PAGES, losses));
            } catch (NativeException e) {
                opened.forEach(CpuBuffer::close);
                throw new UserError("cannot open the ring buffer of cpu " + cpu + ": " + Reasons.of(e));
            }
        }
        buffers = opened.toArray(new CpuBuffer[0]);
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

    /** Reads up to {@code maxPages} pages from each CPU. */
    public void poll(int maxPages) throws NativeException {
        int pages = 0;
        for (CpuBuffer b : buffers) {
            pages += b.read(maxPages);
        }
        lastPollPages = pages;
    }

    /** CLOCK_MONOTONIC ns: every event stamped before it has been read. */
    public long watermark() {
        long w = Long.MAX_VALUE;
        for (CpuBuffer b : buffers) {
            w = Math.min(w, b.watermark(COMMIT_SLACK_NS));
        }
        return w;
    }

    /** Whether the last poll found every CPU's ring buffer empty. */
    boolean drained() {
        for (CpuBuffer b : buffers) {
            if (!b.drained) {
                return false;
            }
        }
        return true;
    }

    CpuBuffer[] buffers() {
        return buffers;
    }

    /** Pages read by the last {@link #poll}, over all CPUs. */
    public int lastPollPages() {
        return lastPollPages;
    }

    public int[] cpus() {
        int[] cpus = new int[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            cpus[i] = buffers[i].cpu;
        }
        return cpus;
    }

    /** Descriptors of the CPUs' trace pipes, to wait on. */
    int[] fds() {
        int[] fds = new int[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            fds[i] = buffers[i].fd();
        }
        return fds;
    }

    /** When this instance's CPUs lost events. */
    public Losses losses() {
        return losses;
    }

    TraceInstance instance() {
        return instance;
    }

    /** Events lost per CPU index: the larger of what the pages flagged and the kernel's own counters. */
    public long[] lost() {
        long[] lost = new long[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            lost[i] = Math.max(buffers[i].missed(), instance.stats(buffers[i].cpu).lost());
        }
        return lost;
    }

    /** Pages that flagged a loss without room to say how many, per CPU index. */
    public int[] missedUncounted() {
        int[] n = new int[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            n[i] = buffers[i].missedUncounted();
        }
        return n;
    }

    public long decodedEvents() {
        long n = 0;
        for (CpuBuffer b : buffers) {
            n += b.decoded();
        }
        return n;
    }

    @Override
    public void close() {
        for (CpuBuffer b : buffers) {
            b.close();
        }
    }
}
