package sonde.recorder.perf;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.Closeable;
import java.nio.charset.StandardCharsets;

/**
 * A fanotify group that reports, for each file opened on the file systems it marks, the opening
 * process, a handle of the file's directory and the file's name (FAN_REPORT_DFID_NAME). Unlike
 * /proc/PID/fd, that stays resolvable after the process is gone: the handle opens the directory
 * again (open_by_handle_at) and the name is looked up in it. Notification only — it never blocks
 * an open, and the kernel drops what does not fit in the group's queue (and says so).
 *
 * <p>Needs CAP_SYS_ADMIN (file system marks). One thread: {@link #drain} is called by the reader.
 */
public final class Fanotify implements Closeable {
    private static final int FAN_CLOEXEC = 0x1;
    private static final int FAN_NONBLOCK = 0x2;
    private static final int FAN_REPORT_DFID_NAME = 0x400 | 0x800;
    private static final int FAN_MARK_ADD = 0x1;
    private static final int FAN_MARK_FILESYSTEM = 0x100;
    private static final long FAN_OPEN = 0x20;
    private static final long FAN_Q_OVERFLOW = 0x4000;
    private static final int FAN_EVENT_INFO_TYPE_DFID_NAME = 2;
    private static final int O_RDONLY = 0;
    private static final int O_LARGEFILE = 0100000;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_PATH = 010000000;
    private static final int O_CLOEXEC = 02000000;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int STATX_INO = 0x100;
    /** struct fanotify_event_metadata: event_len, vers, reserved, metadata_len, mask, fd, pid. */
    private static final int METADATA_LEN = 24;

    /** What an open event says, valid during the {@link Events#opened} call only. */
    public interface Events {
        /**
         * @param fsid the file system's id (statfs f_fsid), to open the handle on the right one
         * @param handle struct file_handle of the directory, at {@code at} in {@code buf}
         */
        void opened(int pid, long fsid, Pointer buf, long handleAt, int handleLen, String name);
    }

    private final int fd;
    private final Memory buf = new Memory(64 * 1024);
    private final Memory statx = new Memory(256);
    private long overflows;

    private Fanotify(int fd) {
        this.fd = fd;
    }

    /** A new group; throws with errno (EPERM without CAP_SYS_ADMIN, EINVAL on kernels before 5.9). */
    public static Fanotify open() throws NativeException {
        int fd = Native2.fanotify_init(FAN_CLOEXEC | FAN_NONBLOCK | FAN_REPORT_DFID_NAME, O_RDONLY | O_LARGEFILE);
        if (fd < 0) {
            throw new NativeException("fanotify_init", Native.getLastError());
        }
        return new Fanotify(fd);
    }

    /**
     * Reports opens of files on the file system mounted at {@code mountPoint}.
     *
     * @return 0, or the errno why not (ENODEV, EOPNOTSUPP, EXDEV: a file system without file
     *     handles, or a bind mount's subtree)
     */
    public int markFilesystem(String mountPoint) {
        int r = Native2.fanotify_mark(fd, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, FAN_OPEN, AT_FDCWD, mountPoint);
        return r == 0 ? 0 : Native.getLastError();
    }

    /** statfs(2)'s f_fsid of the file system at {@code path}, as fanotify reports it; 0 if unknown. */
    public static long fsid(String path) {
        Memory st = new Memory(120);
        if (Native2.statfs(path, st) != 0) {
            return 0;
        }
        return st.getLong(56); // struct statfs on 64-bit Linux: 7 longs, then f_fsid
    }

    /** Hands every queued open to {@code events}; returns how many. Never blocks. */
    public int drain(Events events) throws NativeException {
        int seen = 0;
        while (true) {
            long n = Sys.read(fd, buf, buf.size());
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
                    return seen;
                }
                throw new NativeException("read fanotify", errno);
            }
            if (n == 0) {
                return seen;
            }
            long at = 0;
            while (at + METADATA_LEN <= n) {
                int len = buf.getInt(at);
                if (len < METADATA_LEN || at + len > n) {
                    break;
                }
                long mask = buf.getLong(at + 8);
                int pid = buf.getInt(at + 20);
                if ((mask & FAN_Q_OVERFLOW) != 0) {
                    overflows++;
                } else {
                    info(events, pid, at + (buf.getShort(at + 6) & 0xffff), at + len);
                    seen++;
                }
                at += len;
            }
        }
    }

    private void info(Events events, int pid, long from, long end) {
        long at = from;
        while (at + 4 <= end) {
            int type = buf.getByte(at) & 0xff;
            int len = buf.getShort(at + 2) & 0xffff;
            if (len < 4 || at + len > end) {
                return;
            }
            if (type == FAN_EVENT_INFO_TYPE_DFID_NAME && len >= 20) {
                long fsid = buf.getLong(at + 4);
                long handle = at + 12; // struct file_handle: handle_bytes, handle_type, f_handle[]
                int handleBytes = buf.getInt(handle);
                long nameAt = handle + 8 + handleBytes;
                if (nameAt < at + len) {
                    String name = cString(nameAt, at + len);
                    events.opened(pid, fsid, buf, handle, 8 + handleBytes, name);
                }
            }
            at += len;
        }
    }

    private String cString(long from, long end) {
        long n = 0;
        while (from + n < end && buf.getByte(from + n) != 0) {
            n++;
        }
        return new String(buf.getByteArray(from, (int) n), StandardCharsets.UTF_8);
    }

    /**
     * Opens (O_PATH) the directory a handle names, on the file system of {@code mountFd}.
     *
     * @return the descriptor, or -1 (the directory is gone: ESTALE)
     */
    public static int openHandle(int mountFd, Pointer handle) {
        return Native2.open_by_handle_at(mountFd, handle, O_PATH | O_CLOEXEC);
    }

    /**
     * A descriptor of a mount point to open handles on, or -1. Not O_PATH: open_by_handle_at
     * wants a descriptor it can use as a file. Closed after each drain, not to keep the file
     * system busy.
     */
    public static int openMountRoot(String path) {
        return Native2.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }

    public static void closeFd(int fd) {
        Native2.close(fd);
    }

    /**
     * The inode and device (kernel encoding, major &lt;&lt; 20 | minor) of {@code name} in the
     * directory {@code dirFd}, not following a symlink: {ino, dev}, or null if it is gone.
     */
    public long[] inode(int dirFd, String name) {
        if (Native2.statx(dirFd, name, AT_SYMLINK_NOFOLLOW, STATX_INO, statx) != 0) {
            return null;
        }
        long ino = statx.getLong(32);
        int major = statx.getInt(136);
        int minor = statx.getInt(140);
        return new long[] {ino, (long) major << 20 | minor};
    }

    /** Times the kernel's queue overflowed and opens were not reported. */
    public long overflows() {
        return overflows;
    }

    @Override
    public void close() {
        Native2.close(fd);
    }

    /** The calls above, bound by JNA's direct mapping; failures return -1 with errno. */
    private static final class Native2 {
        static {
            Native.register("c");
        }

        static native int fanotify_init(int flags, int eventFlags);

        static native int fanotify_mark(int fd, int flags, long mask, int dirFd, String path);

        static native int open_by_handle_at(int mountFd, Pointer handle, int flags);

        static native int open(String path, int flags);

        static native int close(int fd);

        static native int statx(int dirFd, String path, int flags, int mask, Pointer buf);

        static native int statfs(String path, Pointer buf);
    }
}
