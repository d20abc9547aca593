package sonde.recorder.tracefs;

import sonde.recorder.perf.NativeException;

import java.io.Closeable;
import java.util.List;

/**
 * A private instance configured for recording (its own per-CPU buffer size, the mono clock,
 * overwrite mode so that losses are flagged in the pages) and the reader of its ring buffers.
 * Event sources enable their tracepoints and register decoders, then the caller alternates
 * {@link #poll} with handing the watermark to the sources.
 */
public final class TraceSession implements Closeable {
    private final TraceInstance instance;
    private final TraceReader reader;

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

    /** One pass over every CPU's buffer; returns the watermark (see {@link TraceReader#poll}). */
    public long poll(int maxPagesPerCpu) throws NativeException {
        return reader.poll(maxPagesPerCpu);
    }

    /** After {@link #stop}: reads until every buffer is empty. */
    public void drain(int maxPagesPerCpu) throws NativeException {
        do {
            reader.poll(maxPagesPerCpu);
        } while (reader.lastPollPages() > 0);
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
