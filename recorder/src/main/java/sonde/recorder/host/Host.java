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

    private static String readTrimmed(String path, String orElse) {
        try {
            return KernelFiles.read(Path.of(path)).trim();
        } catch (IOException e) {
            return orElse;
        }
    }
}
