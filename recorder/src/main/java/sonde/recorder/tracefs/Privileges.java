package sonde.recorder.tracefs;

import sonde.recorder.cli.UserError;

import sonde.recorder.host.KernelFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks, before anything is touched, that this process may trace. */
public final class Privileges {
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;

    private Privileges() {
    }

    /** Effective capability bits of this process (CapEff in /proc/self/status). */
    static long effectiveCapabilities() {
        try {
            for (String line : KernelFiles.read(Path.of("/proc/self/status")).split("\n")) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: treat as no capabilities
        }
        return 0;
    }

    public static boolean canTrace() {
        long caps = effectiveCapabilities();
        return (caps & (1L << CAP_SYS_ADMIN)) != 0;
    }

    public static boolean canPerf() {
        long caps = effectiveCapabilities();
        return (caps & ((1L << CAP_SYS_ADMIN) | (1L << CAP_PERFMON))) != 0 || perfEventParanoid() <= 0;
    }

    static int perfEventParanoid() {
        try {
            return Integer.parseInt(KernelFiles.read(Path.of("/proc/sys/kernel/perf_event_paranoid")).trim());
        } catch (IOException | NumberFormatException e) {
            return 2;
        }
    }

    /** Refuses to sample every CPU without CAP_PERFMON (or root, or perf_event_paranoid at most 0). */
    public static void requirePerf() {
        if (!canPerf()) {
            throw new UserError("not permitted to sample CPUs: system-wide perf events need CAP_PERFMON"
                    + " (kernel.perf_event_paranoid is " + perfEventParanoid() + ")",
                    "run as root, grant CAP_PERFMON (setcap cap_perfmon+ep on java), or sysctl kernel.perf_event_paranoid=0");
        }
    }

    /** Refuses to go on without the privilege tracepoints need (tracefs writes: CAP_SYS_ADMIN, i.e. root). */
    public static void requireTracing() {
        if (!canTrace()) {
            throw new UserError("not permitted to trace: recording tracepoints needs root (CAP_SYS_ADMIN)",
                    "run as root: sudo sonde record …");
        }
    }
}
