package sonde.recorder.tracefs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.perf.NonBlockingFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Ring-buffer pages read into CPU buffers (from files holding pages in the kernel's layout) and
 * handed out in one time order, whatever the arena size and however the watermark advances.
 */
class TimeOrderTest {
    private static final PageLayout LAYOUT = Captured.layout();
    private static final int PAGE = SyntheticPages.SIZE;
    private static final EventFormat FORMAT = SyntheticPages.format("ev", 7);

    @TempDir
    Path tmp;

    /** One event as the test wrote it: its CPU, time stamp and value. */
    private record Ev(int cpu, long ts, long value) {
    }

    /** Pages holding these events (times ascending), with the 16-byte payloads above. */
    private static byte[] pages(List<Ev> events) {
        return SyntheticPages.bytes(SyntheticPages.fill(events.stream()
                .map(e -> new SyntheticPages.Ev(e.ts(), FORMAT.id(), e.value())).toList()));
    }

    /**
     * Reads and releases as the session polls, once per watermark given (each capped, as in the
     * session, by how far every CPU has been read); with {@code drain}, then reads everything
     * and releases it, as the session does at the end.
     */
    private List<Ev> run(List<List<Ev>> perCpu, int arenaPages, long[] watermarks, boolean drain) throws Exception {
        Handlers handlers = new Handlers();
        List<Ev> seen = new ArrayList<>();
        Field value = FORMAT.field("value");
        handlers.register(FORMAT, (cpu, ts, b, e) -> seen.add(new Ev(cpu, ts, value.getLong(b, e))));
        TimeOrder order = new TimeOrder(handlers);
        List<CpuBuffer> buffers = new ArrayList<>();
        for (int cpu = 0; cpu < perCpu.size(); cpu++) {
            Path f = Files.write(tmp.resolve("cpu" + cpu), pages(perCpu.get(cpu)));
            buffers.add(new CpuBuffer(cpu, cpu, NonBlockingFile.open(f.toString()), handlers, LAYOUT, PAGE, arenaPages, new Losses()));
        }
        order.add(buffers.toArray(new CpuBuffer[0]));
        for (long w : watermarks) {
            long read = Long.MAX_VALUE; // as the session does: no further than every CPU has been read
            for (CpuBuffer b : buffers) {
                b.read(1000);
                read = Math.min(read, b.drained ? Long.MAX_VALUE : b.watermark(0));
            }
            order.release(Math.min(w, read));
        }
        for (boolean more = drain; more; ) { // until every CPU is read to its end, as TraceSession.drain
            long read = Long.MAX_VALUE;
            more = false;
            for (CpuBuffer b : buffers) {
                b.read(1000);
                read = Math.min(read, b.drained ? Long.MAX_VALUE : b.watermark(0));
                more |= !b.drained;
            }
            order.release(read);
        }
        if (drain) {
            order.release(Long.MAX_VALUE);
        }
        buffers.forEach(CpuBuffer::close);
        return seen;
    }

    @Test
    void eventsOfAllCpusComeOutInTimeOrderWithTiesInSourceOrder() throws Exception {
        List<Ev> cpu0 = List.of(new Ev(0, 100, 1), new Ev(0, 200, 2), new Ev(0, 300, 3), new Ev(0, 300, 4));
        List<Ev> cpu1 = List.of(new Ev(1, 150, 5), new Ev(1, 300, 6), new Ev(1, 301, 7));
        assertEquals(List.of(new Ev(0, 100, 1), new Ev(1, 150, 5), new Ev(0, 200, 2), new Ev(0, 300, 3),
                new Ev(0, 300, 4), new Ev(1, 300, 6), new Ev(1, 301, 7)), run(List.of(cpu0, cpu1), 4, new long[] {Long.MAX_VALUE}, true));
    }

    @Test
    void aWatermarkHoldsBackWhatIsStampedAfterIt() throws Exception {
        List<Ev> cpu0 = List.of(new Ev(0, 100, 1), new Ev(0, 500, 2));
        List<Ev> cpu1 = List.of(new Ev(1, 200, 3));
        assertEquals(List.of(new Ev(0, 100, 1), new Ev(1, 200, 3)), run(List.of(cpu0, cpu1), 4, new long[] {300}, false));
    }

    @Test
    void manyPagesThroughSmallArenasKeepEveryEventInOrder() throws Exception {
        Random r = new Random(3);
        List<List<Ev>> perCpu = new ArrayList<>();
        List<Ev> all = new ArrayList<>();
        for (int cpu = 0; cpu < 3; cpu++) {
            List<Ev> evs = new ArrayList<>();
            long ts = 1_000_000L * cpu;
            for (int i = 0; i < 20_000; i++) {
                ts += 1 + r.nextInt(cpu == 1 ? 2000 : 700);
                evs.add(new Ev(cpu, ts, (long) cpu << 32 | i));
            }
            perCpu.add(evs);
            all.addAll(evs);
        }
        all.sort(java.util.Comparator.comparingLong(Ev::ts).thenComparingInt(Ev::cpu));
        long[] watermarks = new long[200];
        for (int k = 0; k < watermarks.length; k++) {
            watermarks[k] = k * 100_000L;
        }
        // three-page arenas: a CPU far ahead of the others fills up and waits, then its arena is reused
        List<Ev> seen = run(perCpu, 3, watermarks, true);
        assertEquals(all.size(), seen.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(all.get(i), seen.get(i), "event " + i);
        }
    }
}
