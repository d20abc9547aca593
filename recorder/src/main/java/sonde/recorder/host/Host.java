package sonde.recorder.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the recording host. */
public final class Host {
    private Host() {
    }

    /** The host name as the kernel knows it (no DNS lookup), safe as a path segment. */
    public static String name() {
        String n = readTrimmed("/proc/sys/kernel/hostname", "localhost");
        return n.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public static String kernelRelease() {
        return readTrimmed("/proc/sys/kernel/osrelease", System.getProperty("os.version"));
    }

    /** CPUs online now (the tracefs instance has buffers for every possible CPU). */
    public static int onlineCpus() {
        return onlineCpuList().size();
    }

    /** The numbers of the CPUs online now, from /sys/devices/system/cpu/online ("0-3,6"). */
    public static java.util.List<Integer> onlineCpuList() {
        String online = readTrimmed("/sys/devices/system/cpu/online", "");
        java.util.List<Integer> cpus = new java.util.ArrayList<>();
        if (online.isEmpty()) {
            for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                cpus.add(i);
            }
            return cpus;
        }
        for (String range : online.split(",")) {
            String[] ab = range.split("-");
            int lo = Integer.parseInt(ab[0]);
            int hi = ab.length == 1 ? lo : Integer.parseInt(ab[1]);
            for (int i = lo; i <= hi; i++) {
                cpus.add(i);
            }
        }
        return cpus;
    }

    /** CPUs the kernel could bring online (/sys/devices/system/cpu/possible): a tracefs instance has a buffer for each. */
    public static int possibleCpus() {
        String possible = readTrimmed("/sys/devices/system/cpu/possible", "");
        int n = 0;
        try {
            for (String range : possible.split(",")) {
                String[] ab = range.split("-");
                int lo = Integer.parseInt(ab[0]);
                n += (ab.length == 1 ? lo : Integer.parseInt(ab[1])) - lo + 1;
            }
        } catch (NumberFormatException e) {
            return onlineCpus();
        }
        return Math.max(n, onlineCpus());
    }

    /** The host's memory in MiB (MemTotal of /proc/meminfo), or -1 if unknown. */
    public static long memTotalMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return -1;
    }

    private static String readTrimmed(String path, String orElse) {
        try {
            return KernelFiles.read(Path.of(path)).trim();
        } catch (IOException e) {
            return orElse;
        }
    }
}
