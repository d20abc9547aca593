package sonde.recorder.tracefs;

import sonde.recorder.event.EventMerger;
import sonde.recorder.event.EventRouter;
import sonde.recorder.event.Timed;
import sonde.recorder.perf.NativeException;

import java.io.Closeable;
import java.util.List;

/**
 * A private instance configured for recording (its own per-CPU buffer size, the mono clock,
 * overwrite mode so that losses are flagged in the pages) and the reader of its ring buffers.
 * Event sources enable their tracepoints, register decoders that {@link #add} events, and
 * {@link #route} the types they want back in time order; every {@link #poll} then delivers,
 * across all CPUs and all sources, the events stamped before the reader's watermark.
 */
public final class TraceSession implements Closeable {
    private final TraceInstance instance;
    private final TraceReader reader;
    private final EventRouter router = new EventRouter();
    private final EventMerger<Timed> merger = new EventMerger<>(router);
    private long seq;

    private TraceSession(TraceInstance instance, TraceReader reader) {
        this.instance = instance;
        this.reader = reader;
    }

    public static TraceSession open(Tracefs fs, int bufferMbPerCpu) {
        PageLayout layout = fs.pageLayout();
        TraceInstance instance = TraceInstance.create(fs);
        try {
            instance.write("tracing_on", "0");
            instance.write("buffer_size_kb", String.valueOf(bufferMbPerCpu * 1024));
            instance.write("trace_clock", "mono");
            instance.write("options/overwrite", "1");
            return new TraceSession(instance, new TraceReader(instance, layout, instance.cpus()));
        } catch (RuntimeException e) {
            instance.close();
            throw e;
        }
    }

    public TraceInstance instance() {
        return instance;
    }

    public TraceReader reader() {
        return reader;
    }

    public void start() {
        instance.write("tracing_on", "1");
    }

    public void stop() {
        instance.write("tracing_on", "0");
    }

    /** The next decode sequence number, for {@link Timed#seq()}. */
    public long nextSeq() {
        return seq++;
    }

    /** Called by decoders: the event waits until the watermark passes it. */
    public void add(Timed event) {
        merger.add(event);
    }

    /** Where events of {@code type} go once in time order. */
    public <T extends Timed> void route(Class<T> type, java.util.function.Consumer<? super T> consumer) {
        router.route(type, consumer);
    }

    /**
     * One pass over every CPU's buffer, then delivery in time order of every event stamped
     * before the watermark.
     *
     * @return the watermark (see {@link TraceReader#poll})
     */
    public long poll(int maxPagesPerCpu) throws NativeException {
        long watermark = reader.poll(maxPagesPerCpu);
        merger.releaseBefore(watermark);
        return watermark;
    }

    /** After {@link #stop}: reads until every buffer is empty and delivers everything. */
    public void drain(int maxPagesPerCpu) throws NativeException {
        do {
            reader.poll(maxPagesPerCpu);
        } while (reader.lastPollPages() > 0);
        merger.releaseAll();
    }

    public EventMerger<Timed> merger() {
        return merger;
    }

    /** Events lost per CPU: the larger of what the pages flagged and what the kernel's counters say. */
    public long[] lostPerCpu() {
        int[] cpus = reader.cpus();
        long[] counted = reader.missedCounted();
        long[] lost = new long[cpus.length];
        for (int i = 0; i < cpus.length; i++) {
            lost[i] = Math.max(counted[i], instance.stats(cpus[i]).lost());
        }
        return lost;
    }

    public List<String> enabledEvents() {
        return instance.enabledEvents();
    }

    @Override
    public void close() {
        reader.close();
        instance.close();
    }
}
