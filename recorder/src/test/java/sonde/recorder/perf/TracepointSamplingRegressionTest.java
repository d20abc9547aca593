package sonde.recorder.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.disk.Request;
import sonde.recorder.host.Host;
import sonde.recorder.host.KernelFiles;
import sonde.recorder.testing.DiskCapture;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.Workloads;
import sonde.recorder.tracefs.EventFormat;
import sonde.recorder.tracefs.Tracefs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why sonde reads tracepoints from tracefs ring buffers and not from perf samples: on this
 * kernel, perf_event_open tracepoint *samples* raised while a CPU is idle are silently dropped
 * (block_rq_complete at queue depth 1: a few dozen of 3000 sampled, no PERF_RECORD_LOST), while
 * perf's counting mode and the tracefs ring buffer see all of them. The tracefs path must see
 * every completion; the perf figures are printed so a change in the kernel is noticed.
 */
class TracepointSamplingRegressionTest {
    @TempDir(factory = OnDisk.class)
    Path disk;

    private static final int IOS = 3000;

    @Test
    void tracefsSeesEveryIdleTimeCompletion() throws Exception {
        Privileged.requireTracing();
        Privileged.requirePerf();
        Privileged.requireTool("fio");
        Path file = disk.resolve("qd1.bin");
        Workloads.layout(file, 64);
        // once before recording, so that loading fio's binary and libraries is not counted as its reads
        Workloads.fio(file, "--rw=randread", "--bs=4k", "--direct=1", "--size=64M", "--number_ios=10");
        Tracefs fs = Tracefs.locate();
        int id = EventFormat.parse("block",
                KernelFiles.read(fs.root().resolve("events/block/block_rq_complete/format"))).id();
        List<PerfEvent> sampled = new ArrayList<>();
        List<PerfEvent> counted = new ArrayList<>();
        Workloads.Ran fio;
        List<Request> requests;
        // 32 MiB per CPU: room for a busy host's block completions while this JVM is slow to poll
        try (DiskCapture capture = new DiskCapture(32)) {
            try {
                for (int cpu = 0; cpu < Host.onlineCpus(); cpu++) {
                    PerfEvent s = PerfEvent.open("block:block_rq_complete samples", new PerfEventAttr()
                            .type(PerfEventAttr.TYPE_TRACEPOINT).config(id).samplePeriod(1)
                            .sampleType(PerfEventAttr.SAMPLE_TID | PerfEventAttr.SAMPLE_TIME | PerfEventAttr.SAMPLE_CPU)
                            .flags(PerfEventAttr.FLAG_DISABLED), -1, cpu);
                    sampled.add(s);
                    s.mmap(256);
                    counted.add(PerfEvent.open("block:block_rq_complete count", new PerfEventAttr()
                            .type(PerfEventAttr.TYPE_TRACEPOINT).config(id).flags(PerfEventAttr.FLAG_DISABLED), -1, cpu));
                }
                for (PerfEvent e : sampled) {
                    e.enable();
                }
                for (PerfEvent e : counted) {
                    e.enable();
                }
                fio = Workloads.fio(file, "--rw=randread", "--bs=4k", "--direct=1", "--iodepth=1",
                        "--ioengine=psync", "--size=64M", "--number_ios=" + IOS);
                Thread.sleep(100);
                for (PerfEvent e : sampled) {
                    e.disable();
                }
                for (PerfEvent e : counted) {
                    e.disable();
                }
                requests = capture.stop();
                long[] samples = {0};
                long[] lost = {0};
                long count = 0;
                for (PerfEvent e : sampled) {
                    e.drain((type, misc, buf, at, size) -> {
                        if (type == PerfRecords.SAMPLE) {
                            samples[0]++;
                        } else if (type == PerfRecords.LOST) {
                            lost[0] += buf.getLong(at + 8);
                        }
                    });
                }
                for (PerfEvent e : counted) {
                    count += e.readCount();
                }
                long pid = fio.pid();
                // fio's own reads of its file; its O_DIRECT reads may need a file system block read first
                // (rwbs M: an inode or extent block no longer cached), which is fio's doing too but not one of its I/Os
                List<Request> reads = requests.stream()
                        .filter(r -> r.pid() == pid && Request.op(r.rwbs()).equals("R") && r.completed()).toList();
                long tracefs = reads.stream().filter(r -> !r.rwbs().contains("M") && !r.rwbs().contains("A")).count();
                List<String> others = reads.stream().filter(r -> r.rwbs().contains("M") || r.rwbs().contains("A"))
                        .map(r -> r.rwbs() + " " + r.bytes() + " at " + r.sector()).toList();
                System.out.printf("block_rq_complete with fio at queue depth 1 (%d reads): tracefs ring buffer %d "
                        + "(fio's), perf counting %d (all), perf samples %d (all), perf lost records %d%n",
                        IOS, tracefs, count, samples[0], lost[0]);
                assertEquals(IOS, fioReads(fio.output()), "fio's own count");
                assertEquals(IOS, tracefs, "tracefs must see every completion (besides, fio's metadata and readahead"
                        + " reads: " + others + ")");
                assertTrue(count >= IOS, "perf counting mode sees them all: " + count);
                assertTrue(samples[0] <= count, "samples never exceed the count");
            } finally {
                sampled.forEach(PerfEvent::close);
                counted.forEach(PerfEvent::close);
            }
        }
    }

    static long fioReads(String json) {
        Matcher m = Pattern.compile("\"total_ios\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
