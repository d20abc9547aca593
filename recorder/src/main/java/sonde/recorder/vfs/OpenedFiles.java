package sonde.recorder.vfs;

import com.sun.jna.Pointer;
import sonde.recorder.host.KernelFiles;
import sonde.recorder.perf.Fanotify;
import sonde.recorder.perf.NativeException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The paths of files opened while recording, by device and inode, from fanotify: what names
 * the files of a process that exited before its descriptors could be looked up in /proc (a dd
 * that lives 0.4 s). A read or write call learns its file's inode from the page-cache
 * tracepoints; this turns the inode into the path the file was opened by.
 *
 * <p>The reader thread drains the fanotify queue before each read of the ring buffers, so an
 * open is known here before the calls that follow it are handed out. Each open costs an
 * open_by_handle_at, a statx and a close: 0.1 s of CPU in 20 s of a busy host's 1,400 opens a
 * second. No descriptor is kept, so no file system is kept from being unmounted (a file
 * system's root is open only while the opens on it just reported are read: a umount at that
 * moment answers EBUSY, as it would for the file just opened). Bounded: the newest 65,536
 * files, 4,096 directories. SONDE_FANOTIFY=off leaves it out.
 */
final class OpenedFiles implements Fanotify.Events {
    /** File systems whose files have paths worth naming; pseudo file systems are left out. */
    private static final Set<String> MARKED_TYPES = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "tmpfs",
            "overlay", "vfat", "exfat", "ntfs3", "zfs", "jfs", "reiserfs", "nilfs2", "bcachefs");
    private static final int MAX_FILES = 65_536;
    private static final int MAX_DIRS = 4_096;

    private record DevIno(int dev, long ino) {
    }

    private final Fanotify fanotify;
    /** fsid → a mount point of that file system (root of the file system when there is one). */
    private final Map<Long, String> mounts;
    private final Map<Long, Integer> mountFds = new HashMap<>();
    private final int self = (int) ProcessHandle.current().pid();
    private final Map<DevIno, String> paths = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<DevIno, String> eldest) {
            return size() > MAX_FILES;
        }
    };
    private final Map<String, String> dirs = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_DIRS;
        }
    };
    private final String unavailable;
    private long opens;
    private long unresolved;
    private long lastDrainNs;

    private OpenedFiles(Fanotify fanotify, Map<Long, String> mounts, String unavailable) {
        this.fanotify = fanotify;
        this.mounts = mounts;
        this.unavailable = unavailable;
    }

    /** Marks every disk-backed file system of this host; without fanotify (no CAP_SYS_ADMIN), an empty index. */
    static OpenedFiles open(Path proc) {
        if ("off".equals(System.getenv("SONDE_FANOTIFY"))) { // to measure what it costs, or should it misbehave
            return new OpenedFiles(null, Map.of(), "fanotify: off (SONDE_FANOTIFY=off)");
        }
        Fanotify f;
        try {
            f = Fanotify.open();
        } catch (NativeException | UnsatisfiedLinkError e) {
            return new OpenedFiles(null, Map.of(), "fanotify: " + e.getMessage());
        }
        Map<Long, String> mounts = new HashMap<>();
        Map<String, Boolean> rootOfDevice = new HashMap<>();
        try {
            for (String line : KernelFiles.read(proc.resolve("self/mountinfo")).split("\n")) {
                // 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
                String[] field = line.split(" ");
                int dash = line.indexOf(" - ");
                if (field.length < 5 || dash < 0 || !MARKED_TYPES.contains(line.substring(dash + 3).split(" ")[0])) {
                    continue;
                }
                String device = field[2];
                boolean root = field[3].equals("/");
                Boolean had = rootOfDevice.get(device);
                if (had != null && (had || !root)) {
                    continue; // this file system is marked already, through its root if it has one
                }
                String mountPoint = unescape(field[4]);
                if (f.markFilesystem(mountPoint) != 0) {
                    continue;
                }
                long fsid = Fanotify.fsid(mountPoint);
                if (fsid != 0) {
                    mounts.put(fsid, mountPoint);
                    rootOfDevice.put(device, root);
                }
            }
        } catch (IOException | RuntimeException e) {
            // what was marked stays marked
        }
        return new OpenedFiles(f, mounts, mounts.isEmpty() ? "fanotify: no file system could be marked" : null);
    }

    /** Reads every open reported since the last call. */
    void drain() {
        if (fanotify == null) {
            return;
        }
        lastDrainNs = System.nanoTime();
        try {
            fanotify.drain(this);
        } catch (NativeException e) {
            // a failed read loses names, not calls: they stay unknown, and are counted so
        } finally {
            mountFds.values().forEach(Fanotify::closeFd);
            mountFds.clear();
        }
    }

    @Override
    public void opened(int pid, long fsid, Pointer buf, long handleAt, int handleLen, String name) {
        if (pid == self) {
            return;
        }
        opens++;
        Integer mountFd = mountFds.get(fsid);
        if (mountFd == null) {
            String mountPoint = mounts.get(fsid);
            mountFd = mountPoint == null ? -1 : Fanotify.openMountRoot(mountPoint);
            mountFds.put(fsid, mountFd);
        }
        int dirFd = mountFd < 0 ? -1 : Fanotify.openHandle(mountFd, buf.share(handleAt));
        if (dirFd < 0) {
            unresolved++;
            return;
        }
        try {
            long[] id = fanotify.inode(dirFd, name);
            if (id == null) {
                unresolved++;
                return;
            }
            String dirKey = fsid + ":" + new String(buf.getByteArray(handleAt, handleLen), StandardCharsets.ISO_8859_1);
            String dir = dirs.get(dirKey);
            if (dir == null) {
                dir = Files.readSymbolicLink(Path.of("/proc/self/fd/" + dirFd)).toString();
                dirs.put(dirKey, dir);
            }
            paths.put(new DevIno((int) id[1], id[0]), dir.equals("/") ? "/" + name : dir + "/" + name);
        } catch (IOException e) {
            unresolved++;
        } finally {
            Fanotify.closeFd(dirFd);
        }
    }

    /**
     * The path a file (device in the kernel's encoding, inode) was opened by while recording, or
     * null. Drains the queue first if that was not done in the last millisecond: the open may
     * have come after this round's drain.
     */
    String path(int dev, long ino) {
        String p = paths.get(new DevIno(dev, ino));
        if (p == null && fanotify != null && System.nanoTime() - lastDrainNs > 1_000_000) {
            drain();
            p = paths.get(new DevIno(dev, ino));
        }
        return p;
    }

    /** Opens reported by fanotify (other processes' only). */
    long opens() {
        return opens;
    }

    /** Opens whose file was gone (or not openable) by the time the report was read. */
    long unresolved() {
        return unresolved;
    }

    long overflows() {
        return fanotify == null ? 0 : fanotify.overflows();
    }

    /** Why opens are not reported, or null when they are. */
    String unavailable() {
        return unavailable;
    }

    void close() {
        if (fanotify != null) {
            fanotify.close();
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
