package sonde.recorder.vfs;

import sonde.recorder.host.Tasks;
import sonde.recorder.tracefs.Losses;
import sonde.recorder.util.IntMap;

/**
 * Pairs each thread's sys_enter with its sys_exit (a thread is in one system call at a time).
 * Each thread has one {@link Call}, filled at enter and handed on at exit, then reused: no
 * object per call. A call during which events were lost, on any CPU, is marked uncertain: its
 * exit and the thread's next entry may both have been lost, and the exit seen be a later call's.
 */
final class SyscallPairer {
    /** A thread's call in progress: what its enter said, the file, and the page-cache fills since. */
    static final class Call {
        final int tid;
        boolean open;
        long enterNs;
        Tasks.Task task;
        String comm;
        Syscall syscall;
        int fd;
        long count;
        long pos;
        FileInfo file;
        long cacheFill;
        /** Events were lost between its enter and its exit. */
        boolean uncertain;

        Call(int tid) {
            this.tid = tid;
        }
    }

    /** Where completed calls go: the call (valid until this returns), its exit time and return value. */
    interface Out {
        void call(Call c, long exitNs, long ret);
    }

    private final IntMap<Call> calls = new IntMap<>(1024);
    private final Out out;
    private final FileResolver files;
    private final Losses losses;
    private long unpairedEnters;
    private long correctedByInode;
    private long unpairedExits;

    SyscallPairer(Out out, FileResolver files, Losses losses) {
        this.out = out;
        this.files = files;
        this.losses = losses;
    }

    void enter(long ts, Tasks.Task task, String comm, Syscall syscall, int fd, long count, long pos, FileInfo file) {
        int tid = task.tid();
        Call c = calls.get(tid);
        if (c == null) {
            c = new Call(tid);
            calls.put(tid, c);
        } else if (c.open) {
            unpairedEnters++; // its exit was lost
        }
        c.open = true;
        c.enterNs = ts;
        c.task = task;
        c.comm = comm;
        c.syscall = syscall;
        c.fd = fd;
        c.count = count;
        c.pos = pos;
        c.file = file;
        c.cacheFill = 0;
    }

    private Call inProgress(int tid) {
        Call c = calls.get(tid);
        return c != null && c.open ? c : null;
    }

    void cacheFill(int tid, long bytes) {
        Call c = inProgress(tid);
        if (c != null) {
            c.cacheFill += bytes;
        }
    }

    /**
     * The thread's read is reading this inode's page cache: the kernel's word on which file it is.
     * It fills in a descriptor that could not be resolved, and overrules one whose /proc answer
     * was a later file on a reused descriptor number.
     *
     * @return the call, if its file was unknown and is now named (its descriptor can learn it)
     */
    Call fileSeen(int tid, int dev, long ino) {
        Call c = inProgress(tid);
        if (c == null || (c.file.inode() != null && c.file.inode() == ino)) {
            return null;
        }
        boolean wasUnknown = c.file == FileInfo.UNKNOWN;
        c.file = files.byInode(dev, ino);
        correctedByInode++;
        return wasUnknown && c.file.path() != null ? c : null;
    }

    void exit(long ts, int tid, Syscall syscall, long ret) {
        Call c = inProgress(tid);
        if (c == null || c.syscall != syscall) {
            unpairedExits++; // entered before recording began, or its enter was lost
            if (c != null) {
                c.open = false;
            }
            return;
        }
        c.open = false;
        c.uncertain = losses.between(c.enterNs, ts);
        out.call(c, ts, ret);
        c.task = null;
        c.file = null;
    }

    /** The thread exited; a call it was in will never return. */
    void gone(int tid) {
        calls.remove(tid);
    }

    /** Calls whose file came from the page-cache records instead of /proc. */
    long correctedByInode() {
        return correctedByInode;
    }

    long unpairedEnters() {
        return unpairedEnters;
    }

    long unpairedExits() {
        return unpairedExits;
    }
}
