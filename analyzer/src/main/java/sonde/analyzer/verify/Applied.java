package sonde.analyzer.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The known workloads of sonde verify, applied while recording, and what each applied: the
 * pids to look for and the sizes to expect.
 */
final class Applied {
    static final long MIB = 1L << 20;
    static final int DIRECT_BLOCKS = 1024;
    static final long DIRECT_BLOCK = 64 * 1024;
    static final long BUFFERED = 32 * MIB;
    static final int REREADS = 5;

    long directWriter;
    long directReader;
    long rereader;
    long fsyncWriter;
    long writebackWriter;
    long spinTid;
    double spinCpuSeconds;
    /** When the spin began and ended (wall clock, epoch ns), as the spinner saw it. */
    long spinFromNs;
    long spinToNs;
    /** The JIT symbol map the spinner wrote for the recorder; removed once the recording ended. */
    Path spinPerfMap;
    Diskstats device;

    static Applied apply(Path scratch, String device) throws IOException, InterruptedException {
        Applied a = new Applied();
        Path direct = scratch.resolve("direct.bin");
        Diskstats before = Diskstats.of(device);
        a.directWriter = Child.run(List.of("dd", "if=/dev/zero", "of=" + direct, "bs=64K", "count=" + DIRECT_BLOCKS,
                "oflag=direct", "status=none")).pid();
        a.directReader = Child.run(List.of("dd", "if=" + direct, "of=/dev/null", "bs=64K", "iflag=direct",
                "status=none")).pid();
        Child.run(List.of("sh", "-c", "cat \"$0\" > /dev/null", direct.toString())); // into the page cache
        a.rereader = Child.run(List.of("sh", "-c", "exec cat \"$0\" \"$0\" \"$0\" \"$0\" \"$0\" > /dev/null",
                direct.toString())).pid();
        a.fsyncWriter = Child.run(List.of("dd", "if=/dev/zero", "of=" + scratch.resolve("fsync.bin"), "bs=1M",
                "count=" + BUFFERED / MIB, "conv=fsync", "status=none")).pid();
        a.writebackWriter = Child.run(List.of("dd", "if=/dev/zero", "of=" + scratch.resolve("writeback.bin"), "bs=1M",
                "count=" + BUFFERED / MIB, "status=none")).pid();
        Child.run(List.of("sync"));
        Child.Ran spin = Child.run(Child.java(Spin.class.getName(), List.of("-XX:+PreserveFramePointer", "-Xbatch", "-Xmx64m"),
                List.of("2")));
        a.spinPerfMap = Path.of("/tmp/perf-" + spin.pid() + ".map");
        String spun = spin.output().trim();
        String[] f = spun.substring(spun.lastIndexOf("tid ")).split(" ");
        a.spinTid = Long.parseLong(f[1]);
        a.spinCpuSeconds = Long.parseLong(f[3]) / 1e9;
        a.spinFromNs = Long.parseLong(f[5]);
        a.spinToNs = Long.parseLong(f[7]);
        a.device = Diskstats.of(device).minus(before);
        return a;
    }

    static void cleanUp(Path scratch) throws IOException {
        for (String f : List.of("direct.bin", "fsync.bin", "writeback.bin")) {
            Files.deleteIfExists(scratch.resolve(f));
        }
    }
}
