package sonde.recorder.vfs;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Pairs each thread's sys_enter with its sys_exit (a thread is in one system call at a time). */
final class SyscallPairer {
    private static final class Open {
        final VfsEvent enter;
        final String comm;
        FileInfo file;
        long cacheFill;

        Open(VfsEvent enter, String comm, FileInfo file) {
            this.enter = enter;
            this.comm = comm;
            this.file = file;
        }
    }

    private final Map<Integer, Open> open = new HashMap<>();
    private final Consumer<VfsCall> out;
    private final FileResolver files;
    private long unpairedEnters;
    private long correctedByInode;
    private long unpairedExits;

    SyscallPairer(Consumer<VfsCall> out, FileResolver files) {
        this.out = out;
        this.files = files;
    }

    void enter(VfsEvent e, String comm, FileInfo file) {
        if (open.put(e.task().tid(), new Open(e, comm, file)) != null) {
            unpairedEnters++; // its exit was lost
        }
    }

    void cacheFill(VfsEvent e) {
        Open o = open.get(e.task().tid());
        if (o != null) {
            o.cacheFill += e.value();
        }
    }

    /**
     * The thread's read is reading this inode's page cache: the kernel's word on which file it is.
     * It fills in a descriptor that could not be resolved, and overrules one whose /proc answer
     * was a later file on a reused descriptor number.
     */
    void fileSeen(VfsEvent e) {
        Open o = open.get(e.task().tid());
        if (o == null || (o.file.inode() != null && o.file.inode() == e.value())) {
            return;
        }
        o.file = files.byInode((int) e.pos(), e.value());
        correctedByInode++;
    }

    void exit(VfsEvent e) {
        Open o = open.remove(e.task().tid());
        if (o == null || o.enter.syscall() != e.syscall()) {
            unpairedExits++; // entered before recording began, or its enter was lost
            return;
        }
        out.accept(new VfsCall(o.enter, e, o.comm, o.file, o.cacheFill));
    }

    /** The thread exited; a call it was in will never return. */
    void gone(int tid) {
        open.remove(tid);
    }

    /** Calls still in progress (blocked reads of sockets, pipes, terminals). */
    int inProgress() {
        return open.size();
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
