package sonde.recorder.disk;

import sonde.recorder.writeback.WritebackAttribution;

/**
 * A block request being followed from creation to completion. Times are CLOCK_MONOTONIC ns,
 * -1 where not seen.
 */
public final class Request {
    int dev;
    long sector;
    long bytes;
    String rwbs = "";
    long startNs = -1;
    long issueNs = -1;
    long completeNs = -1;
    int tid;
    int pid;
    String comm = "";
    boolean kernelThread;
    int error;
    int requeues;
    int partials;
    long remaining;
    WritebackAttribution.Dirtier dirtier;
    /** The inode a flusher thread was writing back when it created the request (its pages are taken at issue). */
    Object writingBack;
    /** Events were lost between its first event and its completion (see {@link #pairingUncertain}). */
    boolean uncertain;
    /** The next request waiting under the same (device, sector) in a {@link RequestTable}. */
    Request next;
    /** While queued: the sector after its last, where a back merge appends a bio. */
    long endSector;
    /** Bytes other processes' bios added (see {@link Share}), newest first; null when none. */
    Share shares;
    /** Created by a process the -c filter leaves out: only its shares (the filtered process's bios) are rows. */
    boolean creatorLeftOut;

    public int dev() {
        return dev;
    }

    public long sector() {
        return sector;
    }

    public long bytes() {
        return bytes;
    }

    public String rwbs() {
        return rwbs;
    }

    /** When first seen: block_io_start if seen, else issue. */
    public long firstSeenNs() {
        return startNs >= 0 ? startNs : issueNs >= 0 ? issueNs : completeNs;
    }

    /** Its latest block_io_start or issue: where an event it is waiting for would come after. */
    long lastSeenNs() {
        return Math.max(startNs, issueNs);
    }

    public long startNs() {
        return startNs;
    }

    public long issueNs() {
        return issueNs;
    }

    public long completeNs() {
        return completeNs;
    }

    public boolean completed() {
        return completeNs >= 0;
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

    public int error() {
        return error;
    }

    public int requeues() {
        return requeues;
    }

    public int partials() {
        return partials;
    }

    /**
     * Whether the kernel lost events, on any CPU, between this request's first event and its
     * completion (any time after its first event if it never completed): some of what is
     * paired here may belong to another request at the same sector, so its latency and queue
     * time are not to be trusted.
     */
    public boolean pairingUncertain() {
        return uncertain;
    }

    /** Whose dirty pages this writeback request wrote, or null. */
    public WritebackAttribution.Dirtier dirtier() {
        return dirtier;
    }

    /** Adds a process's bytes, to its share if it has one already. */
    void addShare(int tid, int pid, String comm, boolean kernelThread, long sector, long bytes, long ts) {
        for (Share s = shares; s != null; s = s.next) {
            if (s.pid == pid) {
                s.bytes += bytes;
                return;
            }
        }
        Share s = new Share(tid, pid, comm, kernelThread, sector, bytes, ts);
        s.next = shares;
        shares = s;
    }

    /** Other processes' bytes in it, or null. */
    public Share shares() {
        return shares;
    }

    /** Bytes of other processes' shares. */
    long sharedBytes() {
        long n = 0;
        for (Share s = shares; s != null; s = s.next) {
            n += s.bytes;
        }
        return n;
    }

    /** Whether its creator's row is left out (a -c recording: the creator was not the filtered process). */
    public boolean creatorLeftOut() {
        return creatorLeftOut;
    }

    void takeSubmitter(int tid, int pid, String comm, boolean kernelThread) {
        this.tid = tid;
        this.pid = pid;
        this.comm = comm;
        this.kernelThread = kernelThread;
    }

    /** Operation class of rwbs: R, W, D (discard), F (flush only) or N. */
    public static String op(String rwbs) {
        for (int i = 0; i < rwbs.length(); i++) {
            char c = rwbs.charAt(i);
            switch (c) {
                case 'R' -> {
                    return "R";
                }
                case 'W' -> {
                    return "W";
                }
                case 'D' -> {
                    return "D";
                }
                case 'E' -> {
                    return "D"; // secure erase: a discard
                }
                case 'N' -> {
                    return "N";
                }
                default -> {
                    // F before the op letter is a flush flag; keep looking
                }
            }
        }
        return rwbs.startsWith("F") ? "F" : "N";
    }
}
