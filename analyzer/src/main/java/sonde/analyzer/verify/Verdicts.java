package sonde.analyzer.verify;

import java.util.ArrayList;
import java.util.List;

/** Every canned metric compared with what {@link Applied} applied. */
final class Verdicts {
    private Verdicts() {
    }

    static List<Check> of(Applied a, Measure m, String device, int hz) {
        List<Check> c = new ArrayList<>();
        long direct = Applied.DIRECT_BLOCKS * Applied.DIRECT_BLOCK;
        long[] w = m.issued(a.directWriter, "W", device);
        c.add(Check.relative("top: O_DIRECT write bytes (dd, " + device + ")", direct, w[0], 0.01, "MiB"));
        c.add(Check.relative("top: O_DIRECT write I/Os (dd, " + device + ")", Applied.DIRECT_BLOCKS, w[1], 0.01, ""));
        long[] r = m.issued(a.directReader, "R", device);
        c.add(Check.relative("top: O_DIRECT read bytes (dd, " + device + ")", direct, r[0], 0.01, "MiB"));
        c.add(Check.relative("top: O_DIRECT read I/Os (dd, " + device + ")", Applied.DIRECT_BLOCKS, r[1], 0.01, ""));
        long reread = Applied.REREADS * direct;
        c.add(Check.relative("cache: VFS read bytes of cached re-reads (cat)", reread, m.vfsRead(a.rereader), 0.01, "MiB")
                .explained("the reads of cat were not all recorded or resolved to files"));
        c.add(Check.atMost("cache: disk read bytes of cached re-reads (cat)", Applied.MIB,
                m.disk(a.rereader, "R", null)[0], "MiB").explained("the re-reads went to the disk: was the file evicted?"));
        c.add(Check.relative("cache: disk write bytes of write + fsync (dd)", Applied.BUFFERED,
                m.disk(a.fsyncWriter, "W", null)[0], 0.05, "MiB"));
        c.add(Check.relative("top: writeback attributed to the writer (dd, then sync)", Applied.BUFFERED,
                m.writeback(a.writebackWriter), 0.05, "MiB")
                .explained("flusher I/O not attributed to the process that dirtied the pages"));
        long[] s = m.samples(a.spinTid, "spinHere", a.spinFromNs, a.spinToNs);
        c.add(Check.relative("flame: samples of a spinning thread = CPU time x " + hz + " Hz", a.spinCpuSeconds * hz,
                s[1], 0.10, "samples").explained("the JIT-compiled spinHere was not found in the thread's samples"));
        c.add(Check.atLeast("flame: spinHere share of the thread's samples as it spun", 80, s[0] == 0 ? 0 : 100.0 * s[1] / s[0], "%"));
        c.add(Check.relative("sanity: recorded write bytes on " + device + " vs /proc/diskstats", a.device.writtenBytes(),
                m.deviceBytes(device, "W"), 0.05, "MiB"));
        c.add(Check.relative("sanity: recorded read bytes on " + device + " vs /proc/diskstats", a.device.readBytes(),
                m.deviceBytes(device, "R"), 0.05, "MiB"));
        c.add(Check.atMost("sanity: events lost by the kernel at this load", 0, m.lostEvents(), "events"));
        return c;
    }
}
