package sonde.recorder.vfs;

/** The file read/write system calls sonde records, and what their enter tracepoints carry. */
public enum Syscall {
    READ("read", "R", true, false),
    WRITE("write", "W", true, false),
    PREAD64("pread64", "R", true, true),
    PWRITE64("pwrite64", "W", true, true),
    READV("readv", "R", false, false),
    WRITEV("writev", "W", false, false),
    PREADV("preadv", "R", false, false),
    PWRITEV("pwritev", "W", false, false),
    PREADV2("preadv2", "R", false, false),
    PWRITEV2("pwritev2", "W", false, false);

    private final String call;
    private final String op;
    private final boolean count;
    private final boolean pos;

    Syscall(String call, String op, boolean count, boolean pos) {
        this.call = call;
        this.op = op;
        this.count = count;
        this.pos = pos;
    }

    /** The name in the syscalls tracepoint names and in vfs_io.syscall ("pread64"). */
    public String call() {
        return call;
    }

    /** R or W. */
    public String op() {
        return op;
    }

    /** Whether sys_enter carries a byte count ("count"); the vectored calls do not. */
    public boolean hasCount() {
        return count;
    }

    /** Whether sys_enter carries a file offset ("pos"). */
    public boolean hasPos() {
        return pos;
    }
}
