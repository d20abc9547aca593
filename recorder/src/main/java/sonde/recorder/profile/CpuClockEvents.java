package sonde.recorder.profile;

import sonde.recorder.cli.UserError;
import sonde.recorder.host.Host;
import sonde.recorder.perf.NativeException;
import sonde.recorder.perf.PerfEvent;
import sonde.recorder.perf.PerfEventAttr;

import java.io.Closeable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A software cpu-clock perf event on every online CPU, sampling at a fixed period with kernel
 * and user callchains (frame-pointer unwinding by the kernel), plus the side-band records
 * (MMAP2, COMM, EXIT) that let samples be symbolized after their process is gone. Timestamps
 * on CLOCK_MONOTONIC, like the tracefs events. A CPU that goes offline takes its event with
 * it; {@link #followHotplug} opens a new one when the CPU (or one that was offline at start)
 * comes online. An online CPU is sampled even when idle, so one whose event has delivered
 * nothing since the last check (a quarter of a second) was offline meanwhile, however briefly.
 */
public final class CpuClockEvents implements Closeable {
    private static final int DATA_PAGES = 128;

    private final long periodNs;
    private final Map<Integer, PerfEvent> events = new TreeMap<>();
    private final Map<Integer, long[]> recordsSinceCheck = new TreeMap<>();
    private Set<Integer> online;
    private boolean enabled;
    private long reopened;
    /** The recorder's own process: its samples are dropped as read, before anything is made of them. */
    private final int self = (int) ProcessHandle.current().pid();
    private long ownSamples;

    private CpuClockEvents(long periodNs, List<Integer> cpus) {
        this.periodNs = periodNs;
        this.online = new HashSet<>(cpus);
    }

    public static CpuClockEvents open(List<Integer> cpus, int hz) {
        CpuClockEvents c = new CpuClockEvents(Math.round(1e9 / hz), cpus);
        try {
            for (int cpu : cpus) {
                c.events.put(cpu, c.openOn(cpu));
            }
        } catch (NativeException e) {
            c.close();
            throw new UserError("cannot start CPU sampling: " + e.getMessage(),
                    "run as root, or grant CAP_PERFMON, or set kernel.perf_event_paranoid to -1");
        }
        return c;
    }

    private PerfEvent openOn(int cpu) throws NativeException {
        PerfEventAttr attr = new PerfEventAttr()
                .type(PerfEventAttr.TYPE_SOFTWARE).config(PerfEventAttr.SW_CPU_CLOCK).samplePeriod(periodNs)
                .sampleType(PerfEventAttr.SAMPLE_IP | PerfEventAttr.SAMPLE_TID | PerfEventAttr.SAMPLE_TIME
                        | PerfEventAttr.SAMPLE_CPU | PerfEventAttr.SAMPLE_PERIOD | PerfEventAttr.SAMPLE_CALLCHAIN)
                .flags(PerfEventAttr.FLAG_DISABLED | PerfEventAttr.FLAG_MMAP | PerfEventAttr.FLAG_MMAP2
                        | PerfEventAttr.FLAG_COMM | PerfEventAttr.FLAG_COMM_EXEC | PerfEventAttr.FLAG_TASK
                        | PerfEventAttr.FLAG_SAMPLE_ID_ALL)
                .clockId(PerfEventAttr.CLOCK_MONOTONIC);
        PerfEvent e = PerfEvent.open("cpu-clock", attr, -1, cpu);
        try {
            e.mmap(DATA_PAGES);
            if (enabled) {
                e.enable();
            }
            return e;
        } catch (NativeException ex) {
            e.close();
            throw ex;
        }
    }

    public void enable() throws NativeException {
        enabled = true;
        for (PerfEvent e : events.values()) {
            e.enable();
        }
    }

    public void disable() throws NativeException {
        enabled = false;
        for (PerfEvent e : events.values()) {
            e.disable();
        }
    }

    /** Opens an event on every CPU that has come online since the last call; what it had is drained first. */
    public void followHotplug(Consumer<ProfileRecord> out) {
        Set<Integer> now = new HashSet<>(Host.onlineCpuList());
        for (int cpu : now) {
            long[] seen = recordsSinceCheck.computeIfAbsent(cpu, c -> new long[1]);
            boolean silent = enabled && seen[0] == 0;
            seen[0] = 0;
            if (!online.contains(cpu) || silent) {
                PerfEvent old = events.remove(cpu);
                if (old != null) {
                    old.drain((type, misc, buf, at, size) -> emit(cpu, type, misc, buf, at, size, out));
                    old.close();
                }
                try {
                    events.put(cpu, openOn(cpu));
                    reopened++;
                } catch (NativeException e) {
                    // still coming up, or not ours to sample: try again next time
                    now.remove(cpu);
                }
            }
        }
        online = now;
    }

    /** Hands every record now in the rings to {@code out}, CPU by CPU. */
    public int drain(Consumer<ProfileRecord> out) {
        int[] n = {0};
        events.forEach((cpu, e) -> {
            int before = n[0];
            e.drain((type, misc, buf, at, size) -> n[0] += emit(cpu, type, misc, buf, at, size, out));
            recordsSinceCheck.computeIfAbsent(cpu, c -> new long[1])[0] += n[0] - before;
        });
        return n[0];
    }

    /** Samples of the recorder's own threads, dropped (sonde does not profile itself). */
    public long ownSamples() {
        return ownSamples;
    }

    private int emit(int cpu, int type, int misc, java.nio.ByteBuffer buf, int at, int size,
                     Consumer<ProfileRecord> out) {
        if (PerfRecordParser.samplePid(type, buf, at) == self) {
            ownSamples++;
            return 1; // the CPU is online and sampled
        }
        ProfileRecord r = PerfRecordParser.parse(cpu, type, misc, buf, at, size);
        if (r == null) {
            return 0;
        }
        out.accept(r);
        return 1;
    }

    /** Events opened again because their CPU came (back) online. */
    public long reopened() {
        return reopened;
    }

    @Override
    public void close() {
        events.values().forEach(PerfEvent::close);
    }
}
