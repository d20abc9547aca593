package sonde.recorder.tracefs;

import sonde.recorder.cli.UserError;
import sonde.recorder.perf.NativeException;
import sonde.recorder.perf.NonBlockingFile;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every CPU's trace_pipe_raw of an instance page by page, dispatches records to the
 * handler of their tracepoint, and counts what the kernel reports lost. Each {@link #poll}
 * returns a watermark: every event stamped before it has been delivered, whichever CPU it was
 * on, so events can be merged into one time order across CPUs.
 */
public final class TraceReader implements Closeable, PageDecoder.Visitor {
    /** Allowance for an event stamped just before a read but committed just after it. */
    static final long COMMIT_SLACK_NS = 2_000_000;

    private final PageDecoder decoder;
    private final int pageSize;
    private final int[] cpus;
    private final NonBlockingFile[] pipes;
    private final long[] lastTs;
    private final long[] missed;
    private final int[] missedUnknown;
    private final long[] decoded;
    private final Map<Integer, TracepointHandler> handlers = new HashMap<>();
    private Field commonType;
    private final ByteBuffer page;
    private final Map<Integer, String> names = new HashMap<>();
    private final Map<Integer, long[]> counts = new HashMap<>();
    private long unknownType;
    private int lastPollPages;

    public TraceReader(TraceInstance instance, PageLayout layout, List<Integer> cpuList) {
        this.decoder = new PageDecoder(layout);
        this.pageSize = subBufferSize(instance, layout);
        this.cpus = cpuList.stream().mapToInt(Integer::intValue).toArray();
        this.pipes = new NonBlockingFile[cpus.length];
        this.lastTs = new long[cpus.length];
        this.missed = new long[cpus.length];
        this.missedUnknown = new int[cpus.length];
        this.decoded = new long[cpus.length];
        this.page = ByteBuffer.allocateDirect(pageSize).order(ByteOrder.nativeOrder());
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

    public void register(EventFormat format, TracepointHandler handler) {
        if (commonType == null) {
            commonType = format.field("common_type"); // the same in every format
        }
        handlers.put(format.id(), handler);
        names.put(format.id(), format.qualifiedName());
        counts.put(format.id(), new long[1]);
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
            for (int n = 0; n < maxPages; n++) {
                page.clear();
                int got = pipes[i].read(page);
                if (got <= 0) {
                    empty = true;
                    break;
                }
                decoded[i] += decoder.decode(page, got, i, this);
                pages++;
            }
            long cpuMark = empty ? before - COMMIT_SLACK_NS : lastTs[i];
            watermark = Math.min(watermark, cpuMark);
        }
        lastPollPages = pages;
        return watermark;
    }

    @Override
    public void event(int cpuIndex, long tsNs, ByteBuffer buf, int offset, int length) {
        lastTs[cpuIndex] = tsNs;
        if (commonType == null) {
            unknownType++;
            return;
        }
        int type = commonType.getInt(buf, offset);
        TracepointHandler h = handlers.get(type);
        if (h == null) {
            unknownType++;
            return;
        }
        counts.get(type)[0]++;
        h.onEvent(cpus[cpuIndex], tsNs, buf, offset);
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

    /** Records decoded per tracepoint ("block:block_rq_issue" → count). */
    public Map<String, Long> eventCounts() {
        Map<String, Long> m = new java.util.TreeMap<>();
        counts.forEach((id, n) -> m.put(names.get(id), n[0]));
        return m;
    }

    public int[] cpus() {
        return cpus.clone();
    }

    /** Events the page headers said were lost, per CPU index (pages without a count excluded). */
    public long[] missedCounted() {
        return missed.clone();
    }

    /** Pages that flagged a loss without room to say how many, per CPU index. */
    public int[] missedUncounted() {
        return missedUnknown.clone();
    }

    public long decodedEvents() {
        long n = 0;
        for (long d : decoded) {
            n += d;
        }
        return n;
    }

    public long unknownTypeEvents() {
        return unknownType;
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
