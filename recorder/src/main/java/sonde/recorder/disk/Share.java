package sonde.recorder.disk;

/**
 * Bytes of a request that another process submitted: bios the kernel merged into a request
 * created by someone else (block_bio_backmerge, block_bio_frontmerge), or a whole request merged
 * into another (block_rq_merge). Each becomes a disk_io row of its own (merged_bio), so that a
 * process's bytes are exactly the bios it submitted, whoever created the request.
 */
public final class Share {
    final int tid;
    final int pid;
    final String comm;
    final boolean kernelThread;
    final long sector;
    long bytes;
    /** When seen: a share waiting for its request (its creator was filtered out) expires. */
    final long tsNs;
    Share next;

    Share(int tid, int pid, String comm, boolean kernelThread, long sector, long bytes, long tsNs) {
        this.tid = tid;
        this.pid = pid;
        this.comm = comm;
        this.kernelThread = kernelThread;
        this.sector = sector;
        this.bytes = bytes;
        this.tsNs = tsNs;
    }

    public int tid() {
        return tid;
    }

    public int pid() {
        return pid;
    }

    public String comm() {
        return comm;
    }

    public boolean kernelThread() {
        return kernelThread;
    }

    public long sector() {
        return sector;
    }

    public long bytes() {
        return bytes;
    }

    public Share next() {
        return next;
    }
}
