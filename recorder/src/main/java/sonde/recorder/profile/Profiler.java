package sonde.recorder.profile;

import sonde.recorder.host.Comm;
import sonde.recorder.perf.NativeException;
import sonde.recorder.symbols.Kallsyms;
import sonde.recorder.symbols.Symbolizer;
import sonde.recorder.sink.RowBatch;
import sonde.recorder.sink.Rows;
import sonde.recorder.sink.table.Table;

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
    /** Records drained by one poll, and the time before the drain began: all older ones are in hand. */
    private record Batch(long watermarkNs, List<ProfileRecord> records) {
    }

    private static final Batch END = new Batch(Long.MAX_VALUE, List.of());
    /** Allowance for a record stamped just before a drain but written just after it. */
    private static final long SLACK_NS = 2_000_000;
    /** Rows wait at most this long before they go to the writer (files rotate on time; a crash loses little). */
    private static final long FLUSH_AFTER_NS = 1_000_000_000L;
    /** How often the maps of processes with unnamed JIT code are looked at while they are not sampled. */
    private static final long LOOK_AGAIN_NS = 1_000_000_000L;

    private final CpuClockEvents events;
    private final String recordingId;
    private final long clockOffsetNs;
    private final int pidFilter;
    private final String commFilter;
    private final Rows out;
    /** jit_symbol rows: JIT addresses named after their samples were written. */
    private final Rows jitOut;
    /** --jvm-perfmap: ask the JVMs with unnamed JIT code for their maps at the end. */
    private final JvmPerfMaps jvms;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(256);
    private final List<ProfileRecord> held = new ArrayList<>();
    private final Map<Integer, Long> lost = new HashMap<>();
    /** Thread names from COMM records; kept after exit (late samples), bounded. */
    private final Map<Integer, String> comms = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, String> eldest) {
            return size() > 65_536;
        }
    };
    private final Thread thread;
    private Symbolizer symbolizer;
    private StackBuilder stacks;
    /** Samples dropped because the symbolizer was behind, per CPU: lost events, reported as such. */
    private final Map<Integer, Long> dropped = new HashMap<>();
    /** Side-band records (mmaps, names) of a batch the symbolizer had no room for: they go with the next. */
    private List<ProfileRecord> carried = new ArrayList<>();
    private long lastHotplugCheck;
    private volatile long rows;
    private volatile long jitRows;
    private volatile long filtered;
    private volatile Throwable failure;

    private Profiler(CpuClockEvents events, String recordingId, long clockOffsetNs, int pidFilter, String commFilter,
                     Rows out, Rows jitOut, JvmPerfMaps jvms) {
        this.events = events;
        this.recordingId = recordingId;
        this.clockOffsetNs = clockOffsetNs;
        this.pidFilter = pidFilter;
        this.commFilter = commFilter;
        this.out = out;
        this.jitOut = jitOut;
        this.jvms = jvms;
        this.thread = new Thread(this::symbolize, "sonde-symbolizer");
        this.thread.setDaemon(true);
    }

    /**
     * Opens the events (disabled); {@link #enable} starts sampling.
     *
     * @param jitOut where JIT addresses named after their samples go (jit_symbol)
     * @param jvms   the JVMs to ask for their perf maps at the end, or null not to ask
     */
    public static Profiler open(List<Integer> cpus, int hz, String recordingId, long clockOffsetNs, int pidFilter,
                                String commFilter, Rows out, Rows jitOut, JvmPerfMaps jvms) {
        Profiler p = new Profiler(CpuClockEvents.open(cpus, hz), recordingId, clockOffsetNs, pidFilter, commFilter, out,
                jitOut, jvms);
        p.thread.start();
        return p;
    }

    public void enable() throws NativeException {
        events.enable();
        lastHotplugCheck = System.nanoTime();
    }

    /** Reader thread: moves what the rings hold to the symbolizer, dropping samples if it is behind. */
    public void poll() {
        Batch batch = drain();
        if (!batch.records().isEmpty() && !queue.offer(batch)) {
            // no room: the samples are lost (counted per CPU); what symbolizing later samples needs is kept
            for (ProfileRecord r : batch.records()) {
                if (r instanceof ProfileRecord.Sample s) {
                    dropped.merge(s.cpu(), 1L, Long::sum);
                } else {
                    carried.add(r);
                }
            }
        }
    }

    private Batch drain() {
        long watermark = System.nanoTime() - SLACK_NS; // CLOCK_MONOTONIC, as the records
        List<ProfileRecord> batch = carried;
        carried = new ArrayList<>();
        Consumer<ProfileRecord> collect = r -> {
            if (r instanceof ProfileRecord.Lost l) {
                lost.merge(l.cpu(), l.count(), Long::sum);
            } else {
                batch.add(r);
            }
        };
        long now = System.nanoTime();
        if (now - lastHotplugCheck > 250_000_000L) { // an online CPU gives ~250 samples in that time
            events.followHotplug(collect);
            lastHotplugCheck = now;
        }
        events.drain(collect);
        return new Batch(watermark, batch);
    }

    /** Stops sampling, symbolizes what is left, and waits for the symbolizer. */
    public void finish() throws NativeException, InterruptedException {
        events.disable();
        queue.put(drain()); // the recording is ending: wait for room rather than drop
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
            symbolizer.onLateNames(this::namedLater);
            stacks = new StackBuilder(symbolizer);
            long lookedNs = System.nanoTime();
            while (true) {
                Batch batch = queue.poll(1, TimeUnit.SECONDS);
                if (batch != null) {
                    release(batch);
                }
                if (batch == END) {
                    if (jvms != null) {
                        jvms.ask(symbolizer);
                    }
                    symbolizer.nameAllNow();
                    out.flush();
                    jitOut.flush();
                    return;
                }
                long now = System.nanoTime();
                if (now - lookedNs >= LOOK_AGAIN_NS) {
                    symbolizer.nameLater(now);
                    lookedNs = now;
                }
                out.flushOlderThan(FLUSH_AFTER_NS, now);
                jitOut.flushOlderThan(FLUSH_AFTER_NS, now);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /**
     * Handles, in time order across CPUs, every record older than the batch's watermark: a
     * process that exec'd on one CPU and ran on another gets its new name and mappings before
     * its samples, and its old ones before.
     */
    private void release(Batch batch) {
        held.addAll(batch.records());
        held.sort(java.util.Comparator.comparingLong(ProfileRecord::tsNs)); // stable: keeps per-CPU order
        int n = 0;
        while (n < held.size() && held.get(n).tsNs() < batch.watermarkNs()) {
            handle(held.get(n++));
        }
        held.subList(0, n).clear();
    }

    private void handle(ProfileRecord r) {
        if (r instanceof ProfileRecord.Sample s) {
            sample(s);
        } else if (r instanceof ProfileRecord.Comm c) {
            comms.put(c.tid(), c.comm());
            if (c.exec()) {
                symbolizer.exec(c.pid());
            }
        } else if (r instanceof ProfileRecord.Mmap m) {
            symbolizer.mmap(m.pid(), m.start(), m.length(), m.pgoff(), m.path());
        } else if (r instanceof ProfileRecord.Exit e && e.pid() == e.tid()) {
            symbolizer.exit(e.pid()); // its samples came before (time order): its tables can go
        }
    }

    private void sample(ProfileRecord.Sample s) {
        String comm = comm(s.pid(), s.tid());
        if ((pidFilter >= 0 && s.pid() != pidFilter) || (commFilter != null && !commFilter.equals(comm))) {
            filtered++;
            return;
        }
        RowBatch b = out.next();
        b.set(C.RECORDING_ID, recordingId);
        b.set(C.TS, s.tsNs() + clockOffsetNs);
        b.set(C.CPU, s.cpu());
        b.set(C.PID, s.pid());
        b.set(C.TID, s.tid());
        b.set(C.COMM, comm);
        b.set(C.PERIOD, s.periodNs());
        b.set(C.FRAMES, stacks.frames(s.pid(), s.chain()));
        out.commit();
        rows++;
    }

    /** A JIT address of earlier samples that its map names now: a jit_symbol row. */
    private void namedLater(int pid, long address, String name) {
        RowBatch b = jitOut.next();
        b.set(J.RECORDING_ID, recordingId);
        b.set(J.TS, System.nanoTime() + clockOffsetNs);
        b.set(J.PID, pid);
        b.set(J.ADDRESS, address);
        b.set(J.NAME, StackBuilder.foldable(name));
        jitOut.commit();
        jitRows++;
    }

    private String comm(int pid, int tid) {
        if (pid == 0) {
            return "swapper";
        }
        return comms.computeIfAbsent(tid, t -> {
            try {
                return Comm.readProc(Path.of("/proc/" + t + "/comm"));
            } catch (IOException e) {
                return "[unknown]";
            }
        });
    }

    /** cpu_sample field numbers. */
    private static final class C {
        static final int RECORDING_ID = pos("recording_id");
        static final int TS = pos("ts_ns");
        static final int CPU = pos("cpu");
        static final int PID = pos("pid");
        static final int TID = pos("tid");
        static final int COMM = pos("comm");
        static final int PERIOD = pos("period_ns");
        static final int FRAMES = pos("frames");

        private static int pos(String name) {
            return Table.CPU_SAMPLE.pos(name);
        }
    }

    /** jit_symbol field numbers. */
    private static final class J {
        static final int RECORDING_ID = pos("recording_id");
        static final int TS = pos("ts_ns");
        static final int PID = pos("pid");
        static final int ADDRESS = pos("address");
        static final int NAME = pos("name");

        private static int pos(String name) {
            return Table.JIT_SYMBOL.pos(name);
        }
    }

    public long rows() {
        return rows;
    }

    /** jit_symbol rows written. */
    public long jitRows() {
        return jitRows;
    }

    public long filtered() {
        return filtered;
    }

    /** Samples dropped because the symbolizer was behind, per CPU. */
    public Map<Integer, Long> droppedSamples() {
        return dropped;
    }

    /** Records the kernel dropped, per CPU (PERF_RECORD_LOST). */
    public Map<Integer, Long> lost() {
        return lost;
    }

    /** Sampling restarted on CPUs that came (back) online. */
    public long reopenedCpus() {
        return events.reopened();
    }

    /** Samples of the recorder itself, left out. */
    public long ownSamples() {
        return events.ownSamples();
    }

    public long unknownFrames() {
        return stacks == null ? 0 : stacks.unknownFrames();
    }

    /**
     * What symbolizing cost and where its budgets made it give up, by counter name: tables and
     * maps evicted, frames left [unknown] over budget, distinct stacks and frames symbolized.
     */
    public Map<String, Long> symbolCounters() {
        boolean ran = symbolizer != null && stacks != null;
        Map<String, Long> c = new java.util.LinkedHashMap<>(Symbolizer.counters(ran ? symbolizer : null));
        c.put("cpu_sample.stacks_symbolized", ran ? stacks.stacksSymbolized() : 0);
        c.put("cpu_sample.frames_symbolized", ran ? stacks.framesSymbolized() : 0);
        if (jvms != null) {
            c.putAll(jvms.counters());
        }
        return c;
    }
}
