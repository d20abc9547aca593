package sonde.recorder.vfs;

import sonde.recorder.host.Devices;
import sonde.recorder.host.KernelFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves a process's file descriptor on the recording host: /proc/PID/fd/N for the path (or
 * socket:[ino], pipe:[ino], anon_inode:[...]) and, through the link, the file's device, inode and
 * type; /proc/PID/fdinfo/N for the mount id, hence the file system type.
 */
final class FileResolver {
    private static final int S_IFMT = 0170000;

    private final Path proc;
    private final MountTable mounts;
    private final Devices devices;
    private final Map<Long, FileInfo> byInode = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, FileInfo> eldest) {
            return size() > 65_536;
        }
    };

    private final OpenedFiles opened;
    private long namedByOpen;

    /** @param opened paths by inode of files opened while recording, for processes already gone; or null */
    FileResolver(Path proc, Devices devices, OpenedFiles opened) {
        this.proc = proc;
        this.mounts = new MountTable(proc);
        this.devices = devices;
        this.opened = opened;
    }

    FileInfo resolve(int pid, int fd) {
        Path link = proc.resolve(pid + "/fd/" + fd);
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return FileInfo.UNKNOWN;
        }
        if (target.startsWith("socket:")) {
            return new FileInfo("socket", target, "sockfs", null, null, null, inodeIn(target));
        }
        if (target.startsWith("pipe:")) {
            return new FileInfo("pipe", target, "pipefs", null, null, null, inodeIn(target));
        }
        if (target.startsWith("anon_inode:")) {
            return new FileInfo("anon", target, "anon_inodefs", null, null, null, null);
        }
        String fsType = mounts.fsType(pid, mntId(pid, fd));
        try {
            Map<String, Object> a = Files.readAttributes(link, "unix:dev,ino,mode");
            long dev = (Long) a.get("dev");
            int major = (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
            int minor = (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
            String device = Files.exists(Path.of("/sys/dev/block/" + major + ":" + minor))
                    ? devices.name(Devices.dev(major, minor)) : null;
            FileInfo f = new FileInfo(kind((Integer) a.get("mode")), target, fsType, major, minor, device,
                    (Long) a.get("ino"));
            byInode.put(inodeKey(Devices.dev(major, minor), f.inode()), f);
            return f;
        } catch (IOException | RuntimeException e) {
            return new FileInfo("unknown", target, fsType, null, null, null, null);
        }
    }

    /**
     * A regular file known only by device (kernel encoding) and inode, from page-cache records:
     * its path if a descriptor of it was resolved before, or if it was opened while recording
     * (fanotify), else no path.
     */
    FileInfo byInode(int dev, long ino) {
        FileInfo known = byInode.get(inodeKey(dev, ino));
        if (known != null && known.devMajor() != null && Devices.dev(known.devMajor(), known.devMinor()) == dev
                && known.path() != null) {
            return known;
        }
        int major = Devices.major(dev);
        int minor = Devices.minor(dev);
        String path = opened == null ? null : opened.path(dev, ino);
        String device = Files.exists(Path.of("/sys/dev/block/" + major + ":" + minor)) ? devices.name(dev) : null;
        FileInfo f = new FileInfo("file", path, mounts.fsTypeOfDevice(major, minor), major, minor, device, ino);
        if (path != null) {
            namedByOpen++;
            byInode.put(inodeKey(dev, ino), f);
        }
        return f;
    }

    /** Files named through {@link OpenedFiles}: their process was gone before /proc was asked. */
    long namedByOpen() {
        return namedByOpen;
    }

    private static long inodeKey(int dev, long ino) {
        return ino * 31 + dev;
    }

    private int mntId(int pid, int fd) {
        try {
            for (String line : KernelFiles.read(proc.resolve(pid + "/fdinfo/" + fd)).split("\n")) {
                if (line.startsWith("mnt_id:")) {
                    return Integer.parseInt(line.substring(7).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // closed meanwhile
        }
        return -1;
    }

    private static String kind(int mode) {
        return switch (mode & S_IFMT) {
            case 0100000 -> "file";
            case 0040000 -> "dir";
            case 0020000 -> "chardev";
            case 0060000 -> "blockdev";
            case 0010000 -> "pipe";
            case 0140000 -> "socket";
            default -> "unknown";
        };
    }

    private static Long inodeIn(String target) {
        int open = target.indexOf('[');
        int close = target.indexOf(']');
        try {
            return open < 0 || close < open ? null : Long.parseLong(target.substring(open + 1, close));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
