package sonde.recorder.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Block device numbers ↔ names on the recording host (/sys/dev/block, /sys/class/block).
 * Block tracepoints encode dev_t as major << 20 | minor (the kernel's internal MKDEV).
 */
public final class Devices {
    private final Path sys;
    private final Map<Integer, String> names = new HashMap<>();
    private int lastDev = -1;
    private String lastName;

    public Devices() {
        this(Path.of("/sys"));
    }

    Devices(Path sys) {
        this.sys = sys;
    }

    public static int major(int dev) {
        return dev >>> 20;
    }

    public static int minor(int dev) {
        return dev & ((1 << 20) - 1);
    }

    public static int dev(int major, int minor) {
        return major << 20 | minor;
    }

    /** vda, nvme0n1, ... or "MAJ:MIN" when the host has no such device (any more). */
    public String name(int dev) {
        if (dev != lastDev || lastName == null) {
            lastName = names.computeIfAbsent(dev, this::lookup);
            lastDev = dev;
        }
        return lastName;
    }

    private String lookup(int dev) {
        String mm = major(dev) + ":" + minor(dev);
        try {
            for (String line : KernelFiles.read(sys.resolve("dev/block/" + mm + "/uevent")).split("\n")) {
                if (line.startsWith("DEVNAME=")) {
                    return line.substring(8);
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return mm;
    }

    /**
     * The whole-disk device for a name ("vda", "vda1", "/dev/vda1") or "MAJ:MIN"; block
     * requests are traced on whole disks, so a partition maps to its disk.
     *
     * @return the kernel encoding, or -1 if there is no such block device
     */
    public int resolveDisk(String spec) {
        String name = spec.startsWith("/dev/") ? spec.substring(5) : spec;
        Path dir;
        if (name.matches("\\d+:\\d+")) {
            dir = sys.resolve("dev/block/" + name);
        } else {
            dir = sys.resolve("class/block/" + name);
        }
        try {
            Path real = dir.toRealPath();
            if (Files.exists(real.resolve("partition"))) {
                real = real.getParent();
            }
            String[] mm = KernelFiles.read(real.resolve("dev")).trim().split(":");
            return dev(Integer.parseInt(mm[0]), Integer.parseInt(mm[1]));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
