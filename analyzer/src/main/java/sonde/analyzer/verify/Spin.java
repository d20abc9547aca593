package sonde.analyzer.verify;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import javax.management.ObjectName;

/**
 * The CPU workload of sonde verify, run in its own JVM (-XX:+PreserveFramePointer -Xbatch): spins in
 * {@link #spinHere} once it is compiled and its address is in /tmp/perf-PID.map (Compiler.perfmap,
 * which a JIT-aware profiler reads), for SECONDS of CPU time (at most ten times that in wall
 * time), then prints its thread id, the CPU time it spun, and when (wall clock, epoch ns): the
 * start-up and warm-up before are the JVM's work, not the spin's, and on a busy host there is
 * more of it (-Xbatch: the warm-up waits for the compiler, so the code in the map is the code
 * that spins, however slowly a busy host lets the compiler threads run).
 */
public final class Spin {
    private static volatile long sink;

    private Spin() {
    }

    static long spinHere(long n) {
        long s = 0;
        for (long i = 0; i < n; i++) {
            s += i ^ (s >>> 3);
        }
        return s;
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        for (int i = 0; i < 20_000; i++) {
            sink += spinHere(1000); // warm up: compiled by C2 before the map is written
        }
        ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "compilerPerfmap", new Object[] {null}, new String[] {String[].class.getName()});
        String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        long from = epochNs();
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long wallLimit = System.nanoTime() + (long) (seconds * 10e9);
        long cpu = 0;
        while (cpu < seconds * 1e9 && System.nanoTime() < wallLimit) { // CPU time, so a busy host only slows it
            sink += spinHere(1_000_000);
            cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0;
        }
        System.out.println("tid " + tid + " cpu_ns " + cpu + " from_ns " + from + " to_ns " + epochNs());
    }

    private static long epochNs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
