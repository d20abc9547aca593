package sonde.recorder.tracefs;

import sonde.recorder.perf.NativeException;
import sonde.recorder.perf.Readiness;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Private instances configured for recording (their own per-CPU buffer size, the mono clock,
 * overwrite mode so that losses are flagged in the pages) and the readers of their ring
 * buffers. Usually one instance; a second one when some events must be limited to a process
 * tree (set_event_pid applies to a whole instance). Event sources enable their tracepoints and
 * {@link #register} decoders; every {@link #poll} reads what the ring buffers hold and then
 * hands the decoders, in one time order across all CPUs and instances, every event stamped
 * before the readers' watermark. No object is made per event: records wait, undecoded, in the
 * pages they were read into.
 */
public final class TraceSession implements Closeable {
    /** How full a CPU's buffer gets before it wakes the reader early (the rest is headroom). */
    static final int BUFFER_PERCENT = 25;

    private final Tracefs fs;
    private final PageLayout layout;
    private final int bufferMb;
    private final List<TraceInstance> instances = new ArrayList<>();
    private final List<TraceReader> readers = new ArrayList<>();
    private final Handlers handlers = new Handlers();
    private final TimeOrder order = new TimeOrder(handlers);
    private Readiness readiness;
    private int lastPollPages;

    private TraceSession(Tracefs fs, int bufferMb) {
        this.fs = fs;
        this.layout = fs.pageLayout();
        this.bufferMb = bufferMb;
    }

    public static TraceSession open(Tracefs fs, int bufferMbPerCpu) {
        TraceSession s = new TraceSession(fs, bufferMbPerCpu);
        s.addInstance(null);
        return s;
    }

    /**
     * A further instance for events that are recorded only for some tasks: those listed in
     * {@code onlyTids} (all if null) except those in {@code exceptTids}, and the tasks they fork
     * (set_event_pid / set_event_notrace_pid with event-fork). The filter applies to the task
     * current when the event fires, so this suits syscall events, never block completions.
     */
    public TraceInstance addTaskFilteredInstance(Collection<Integer> onlyTids, Collection<Integer> exceptTids) {
        TraceInstance in = addInstance(onlyTids);
        if (exceptTids != null && !exceptTids.isEmpty()) {
            in.write("options/event-fork", "1");
            in.write("set_event_notrace_pid", join(exceptTids));
        }
        return in;
    }

    private static String join(Collection<Integer> tids) {
        return tids.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }

    private TraceInstance addInstance(Collection<Integer> tids) {
        TraceInstance instance = TraceInstance.create(fs);
        try {
            instance.write("tracing_on", "0");
            instance.write("buffer_size_kb", String.valueOf(bufferMb * 1024));
            instance.write("trace_clock", "mono");
            instance.write("options/overwrite", "1");
            // poll(2) wakes the reader when a CPU's buffer is this full (or on its timeout)
            instance.write("buffer_percent", String.valueOf(BUFFER_PERCENT));
            if (tids != null) {
                instance.write("options/event-fork", "1");
                instance.write("set_event_pid", join(tids));
            }
            int firstSource = readers.stream().mapToInt(r -> r.cpus().length).sum();
            TraceReader reader = new TraceReader(instance, layout, handlers, instance.cpus(), firstSource);
            readers.add(reader);
            instances.add(instance);
            order.add(reader.buffers());
            readiness = null;
            return instance;
        } catch (RuntimeException e) {
            instance.close();
            throw e;
        }
    }

    /** The main instance (unfiltered). */
    public TraceInstance instance() {
        return instances.get(0);
    }

    public void register(EventFormat format, TracepointHandler handler) {
        handlers.register(format, handler);
    }

    public void start() {
        instances.forEach(i -> i.write("tracing_on", "1"));
    }

    public void stop() {
        instances.forEach(i -> i.write("tracing_on", "0"));
    }

    /**
     * One pass over every CPU's buffer of every instance, then delivery in time order of
     * every event stamped before the watermark.
     *
     * @return the watermark
     */
    public long poll(int maxPagesPerCpu) throws NativeException {
        long watermark = Long.MAX_VALUE;
        int pages = 0;
        for (TraceReader r : readers) {
            r.poll(maxPagesPerCpu);
            watermark = Math.min(watermark, r.watermark());
            pages += r.lastPollPages();
        }
        lastPollPages = pages;
        order.release(watermark);
        return watermark;
    }

    /**
     * After {@link #stop}: reads until every buffer is empty and delivers everything. (A CPU whose
     * arena is full reads nothing until events are released, so "no pages read" is not "empty".)
     */
    public void drain(int maxPagesPerCpu) throws NativeException {
        boolean empty;
        do {
            poll(maxPagesPerCpu);
            empty = readers.stream().allMatch(TraceReader::drained);
        } while (!empty);
        order.release(Long.MAX_VALUE);
    }

    /**
     * Waits until some CPU's buffer is {@link #BUFFER_PERCENT} full, or {@code timeoutMs}.
     *
     * @return true if a buffer filled before the timeout
     */
    public boolean await(int timeoutMs) throws NativeException {
        if (readiness == null) {
            int[] fds = readers.stream().flatMapToInt(r -> java.util.Arrays.stream(r.fds())).toArray();
            readiness = new Readiness(fds);
        }
        return readiness.await(timeoutMs);
    }

    /** Pages read by the last poll, over all instances and CPUs. */
    public int lastPollPages() {
        return lastPollPages;
    }

    /**
     * When the CPUs of {@code instance} lost events: what decoders of its events ask to know
     * whether a pairing spans a loss.
     */
    public Losses losses(TraceInstance instance) {
        for (TraceReader r : readers) {
            if (r.instance() == instance) {
                return r.losses();
            }
        }
        throw new IllegalArgumentException("not an instance of this session: " + instance.name());
    }

    /** Events lost per CPU number, over all instances. */
    public Map<Integer, Long> lostPerCpu() {
        Map<Integer, Long> lost = new TreeMap<>();
        for (TraceReader r : readers) {
            int[] cpus = r.cpus();
            long[] n = r.lost();
            for (int i = 0; i < cpus.length; i++) {
                lost.merge(cpus[i], n[i], Long::sum);
            }
        }
        return lost;
    }

    public Map<String, Long> eventCounts() {
        return handlers.counts();
    }

    public long unknownEvents() {
        return handlers.unknown();
    }

    public List<String> enabledEvents() {
        List<String> all = new ArrayList<>();
        instances.forEach(i -> all.addAll(i.enabledEvents()));
        return all;
    }

    @Override
    public void close() {
        readers.forEach(TraceReader::close);
        instances.forEach(TraceInstance::close);
    }
}
