package sonde.recorder.vfs;

import sonde.recorder.host.KernelFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Mount ids (unique across mount namespaces) → file system type, from /proc/PID/mountinfo,
 * read for the process whose descriptor named an id not seen yet.
 */
final class MountTable {
    private final Path proc;
    private final Map<Integer, String> fsTypes = new HashMap<>();
    private final Map<String, String> byDevice = new HashMap<>();

    MountTable(Path proc) {
        this.proc = proc;
    }

    /** The fs type of mount {@code mntId} as process {@code pid} sees it, or "unknown". */
    String fsType(int pid, int mntId) {
        String t = fsTypes.get(mntId);
        if (t == null) {
            load(pid);
            t = fsTypes.getOrDefault(mntId, "unknown");
        }
        return t;
    }

    /** The fs type mounted from device MAJ:MIN (st_dev), as this host sees it. */
    String fsTypeOfDevice(int major, int minor) {
        String key = major + ":" + minor;
        if (!byDevice.containsKey(key)) {
            load((int) ProcessHandle.current().pid());
        }
        return byDevice.getOrDefault(key, "unknown");
    }

    private void load(int pid) {
        try {
            for (String line : KernelFiles.read(proc.resolve(pid + "/mountinfo")).split("\n")) {
                // 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
                String[] f = line.split(" ");
                int dash = line.indexOf(" - ");
                if (f.length < 5 || dash < 0) {
                    continue;
                }
                String[] after = line.substring(dash + 3).split(" ");
                fsTypes.put(Integer.parseInt(f[0]), after[0]);
                byDevice.putIfAbsent(f[2], after[0]);
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone: its mounts stay unknown
        }
    }
}
