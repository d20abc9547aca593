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
        String online = readTrimmed("/sys/devices/system/cpu/online", "");
        if (online.isEmpty()) {
            return Runtime.getRuntime().availableProcessors();
        }
        int n = 0;
        for (String range : online.split(",")) {
            String[] ab = range.split("-");
            n += ab.length == 1 ? 1 : Integer.parseInt(ab[1]) - Integer.parseInt(ab[0]) + 1;
        }
        return n;
    }

    private static String readTrimmed(String path, String orElse) {
        try {
            return KernelFiles.read(Path.of(path)).trim();
        } catch (IOException e) {
            return orElse;
        }
    }
}
