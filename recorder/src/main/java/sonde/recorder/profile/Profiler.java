package sonde.recorder.profile;

import sonde.recorder.host.KernelFiles;
import sonde.recorder.perf.NativeException;
import sonde.recorder.symbols.Kallsyms;
import sonde.recorder.symbols.Symbolizer;
import sonde.schema.CpuSample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * CPU profiling for a recording: the reader thread drains the per-CPU perf rings into batches;
 * a symbolizer thread turns them into cpu_sample rows. The reader never waits for symbols: when
 * the symbolizer is behind and its queue is full, a batch is dropped and counted.
 */
public final class Profiler {
    private static final List<ProfileRecord> END = List.of();

    private final CpuClockEvents events;
    private final String recordingId;
    private final long clockOffsetNs;
    private final int pidFilter;
    private final String commFilter;
    private final Consumer<CpuSample> out;
    private final BlockingQueue<List<ProfileRecord>> queue = new ArrayBlockingQueue<>(256);
    private final Map<Integer, Long> lost = new HashMap<>();
    private final Map<Integer, String> comms = new HashMap<>();
    private final Thread thread;
    private Symbolizer symbolizer;
    private StackBuilder stacks;
    private long droppedSamples;
    private volatile long rows;
    private volatile long filtered;
    private volatile Throwable failure;

    private Profiler(CpuClockEvents events, String recordingId, long clockOffsetNs, int pidFilter, String commFilter,
                     Consumer<CpuSample> out) {
        this.events = events;
        this.recordingId = recordingId;
        this.clockOffsetNs = clockOffsetNs;
        this.pidFilter = pidFilter;
        this.commFilter = commFilter;
        this.out = out;
        this.thread = new Thread(this::symbolize, "sonde-symbolizer");
        this.thread.setDaemon(true);
    }

    /** Opens the events (disabled); {@link #enable} starts sampling. */
    public static Profiler open(List<Integer> cpus, int hz, String recordingId, long clockOffsetNs, int pidFilter,
                                String commFilter, Consumer<CpuSample> out) {
        Profiler p = new Profiler(CpuClockEvents.open(cpus, hz), recordingId, clockOffsetNs, pidFilter, commFilter, out);
        p.thread.start();
        return p;
    }

    public void enable() throws NativeException {
        events.enable();
    }

    /** Reader thread: moves what the rings hold to the symbolizer. */
    public void poll() {
        List<ProfileRecord> batch = new ArrayList<>();
        events.drain(r -> {
            if (r instanceof ProfileRecord.Lost l) {
                lost.merge(l.cpu(), l.count(), Long::sum);
            } else {
                batch.add(r);
            }
        });
        if (!batch.isEmpty() && !queue.offer(batch)) {
            droppedSamples += batch.stream().filter(r -> r instanceof ProfileRecord.Sample).count();
        }
    }

    /** Stops sampling, symbolizes what is left, and waits for the symbolizer. */
    public void finish() throws NativeException, InterruptedException {
        events.disable();
        poll();
        events.close();
        queue.put(END);
        thread.join();
        if (failure != null) {
            throw new IllegalStateException("symbolizing failed: " + failure, failure);
        }
    }

    private void symbolize() {
        try {
            symbolizer = new Symbolizer(Kallsyms.load()); // off the reader thread: kallsyms is large
            stacks = new StackBuilder(symbolizer);
            while (true) {
                List<ProfileRecord> batch = queue.poll(1, TimeUnit.SECONDS);
                if (batch == END) {
                    return;
                }
                if (batch != null) {
                    handle(batch);
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Side-band records first (new mappings and names), then samples, then exits. */
    private void handle(List<ProfileRecord> batch) {
        for (ProfileRecord r : batch) {
            if (r instanceof ProfileRecord.Comm c) {
                comms.put(c.tid(), c.comm());
                if (c.exec()) {
                    symbolizer.exec(c.pid());
                }
            } else if (r instanceof ProfileRecord.Mmap m) {
                symbolizer.mmap(m.pid(), m.start(), m.length(), m.pgoff(), m.path());
            }
        }
        for (ProfileRecord r : batch) {
            if (r instanceof ProfileRecord.Sample s) {
                sample(s);
            }
        }
        for (ProfileRecord r : batch) {
            if (r instanceof ProfileRecord.Exit e && e.pid() == e.tid()) {
                comms.remove(e.tid());
            }
        }
    }

    private void sample(ProfileRecord.Sample s) {
        String comm = comm(s.pid(), s.tid());
        if ((pidFilter >= 0 && s.pid() != pidFilter) || (commFilter != null && !commFilter.equals(comm))) {
            filtered++;
            return;
        }
        out.accept(new CpuSample(recordingId, s.tsNs() + clockOffsetNs, s.cpu(), s.pid(), s.tid(), comm, s.periodNs(),
                stacks.frames(s.pid(), s.chain())));
        rows++;
    }

    private String comm(int pid, int tid) {
        if (pid == 0) {
            return "swapper";
        }
        return comms.computeIfAbsent(tid, t -> {
            try {
                return KernelFiles.read(Path.of("/proc/" + t + "/comm")).trim();
            } catch (IOException e) {
                return "[unknown]";
            }
        });
    }

    public long rows() {
        return rows;
    }

    public long filtered() {
        return filtered;
    }

    /** Samples dropped because the symbolizer was behind. */
    public long droppedSamples() {
        return droppedSamples;
    }

    /** Records the kernel dropped, per CPU (PERF_RECORD_LOST). */
    public Map<Integer, Long> lost() {
        return lost;
    }

    public long unknownFrames() {
        return symbolizer == null ? 0 : symbolizer.unknown();
    }
}
