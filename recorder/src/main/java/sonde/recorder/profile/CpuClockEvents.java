package sonde.recorder.profile;

import sonde.recorder.cli.UserError;
import sonde.recorder.perf.NativeException;
import sonde.recorder.perf.PerfEvent;
import sonde.recorder.perf.PerfEventAttr;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A software cpu-clock perf event on every CPU, sampling at a fixed period with kernel and user
 * callchains (frame-pointer unwinding by the kernel), plus the side-band records
 * (MMAP2, COMM, EXIT) that let samples be symbolized after their process is gone. Timestamps
 * on CLOCK_MONOTONIC, like the tracefs events.
 */
public final class CpuClockEvents implements Closeable {
    private static final int DATA_PAGES = 128;

    private final List<PerfEvent> events = new ArrayList<>();
    private final List<Integer> cpus;
    private final long[] records;

    private CpuClockEvents(List<Integer> cpus) {
        this.cpus = cpus;
        this.records = new long[cpus.size()];
    }

    public static CpuClockEvents open(List<Integer> cpus, int hz) {
        CpuClockEvents c = new CpuClockEvents(cpus);
        long periodNs = Math.round(1e9 / hz);
        try {
            for (int cpu : cpus) {
                PerfEventAttr attr = new PerfEventAttr()
                        .type(PerfEventAttr.TYPE_SOFTWARE).config(PerfEventAttr.SW_CPU_CLOCK).samplePeriod(periodNs)
                        .sampleType(PerfEventAttr.SAMPLE_IP | PerfEventAttr.SAMPLE_TID | PerfEventAttr.SAMPLE_TIME
                                | PerfEventAttr.SAMPLE_CPU | PerfEventAttr.SAMPLE_PERIOD | PerfEventAttr.SAMPLE_CALLCHAIN)
                        .flags(PerfEventAttr.FLAG_DISABLED | PerfEventAttr.FLAG_MMAP | PerfEventAttr.FLAG_MMAP2
                                | PerfEventAttr.FLAG_COMM | PerfEventAttr.FLAG_COMM_EXEC | PerfEventAttr.FLAG_TASK
                                | PerfEventAttr.FLAG_SAMPLE_ID_ALL)
                        .clockId(PerfEventAttr.CLOCK_MONOTONIC);
                PerfEvent e = PerfEvent.open("cpu-clock", attr, -1, cpu);
                c.events.add(e);
                e.mmap(DATA_PAGES);
            }
        } catch (NativeException e) {
            c.close();
            throw new UserError("cannot start CPU sampling: " + e.getMessage(),
                    "run as root, or grant CAP_PERFMON, or set kernel.perf_event_paranoid to -1");
        }
        return c;
    }

    public void enable() throws NativeException {
        for (PerfEvent e : events) {
            e.enable();
        }
    }

    public void disable() throws NativeException {
        for (PerfEvent e : events) {
            e.disable();
        }
    }

    /** Hands every record now in the rings to {@code out}, CPU by CPU. */
    public int drain(Consumer<ProfileRecord> out) {
        int n = 0;
        for (int i = 0; i < events.size(); i++) {
            int cpu = cpus.get(i);
            int[] count = {0};
            events.get(i).drain((type, misc, body) -> {
                ProfileRecord r = PerfRecordParser.parse(cpu, type, misc, body);
                if (r != null) {
                    out.accept(r);
                    count[0]++;
                }
            });
            records[i] += count[0];
            n += count[0];
        }
        return n;
    }

    @Override
    public void close() {
        events.forEach(PerfEvent::close);
    }
}
