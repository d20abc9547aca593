package sonde.recorder.vfs;

import sonde.recorder.util.IntMap;

import java.util.HashMap;
import java.util.Map;

/**
 * (process, fd) → file, resolved from /proc the first time the descriptor is used and
 * forgotten when the process closes it (close, close_range, dup2/dup3 onto it), execs or exits:
 * all seen in time order, so a reused descriptor number is resolved afresh.
 *
 * /proc shows a descriptor as it is now, which is only right if the process has not closed it
 * since the event being processed. Closes are counted as soon as they are decoded; while one
 * for the descriptor is decoded but not yet reached in time order, /proc is not asked and the
 * file is unknown. (A close still in the kernel's buffer, a few milliseconds old at most, is
 * not seen: the one remaining race.)
 */
final class FdTable {
    private final FileResolver resolver;
    /** tgid → fd → file: looked up on every read/write call, so without boxing. */
    private final IntMap<IntMap<FileInfo>> files = new IntMap<>(1024);
    private final Map<Long, int[]> pendingCloses = new HashMap<>();
    private final Map<Integer, int[]> pendingRanges = new HashMap<>();
    private long resolved;
    private long unknown;

    FdTable(FileResolver resolver) {
        this.resolver = resolver;
    }

    private static long key(int tgid, int fd) {
        return (long) tgid << 32 | (fd & 0xffffffffL);
    }

    /** Decode time: a close of (tgid, fd) is on its way. */
    void closeDecoded(int tgid, int fd) {
        pendingCloses.computeIfAbsent(key(tgid, fd), k -> new int[1])[0]++;
    }

    /** Decode time: a close_range of tgid is on its way. */
    void closeRangeDecoded(int tgid) {
        pendingRanges.computeIfAbsent(tgid, k -> new int[1])[0]++;
    }

    FileInfo file(int tgid, int fd) {
        IntMap<FileInfo> fds = files.get(tgid);
        if (fds == null) {
            fds = new IntMap<>(16);
            files.put(tgid, fds);
        }
        FileInfo f = fds.get(fd);
        if (f == null) {
            boolean stale = (!pendingCloses.isEmpty() && pendingCloses.containsKey(key(tgid, fd)))
                    || (!pendingRanges.isEmpty() && pendingRanges.containsKey(tgid));
            f = stale ? FileInfo.UNKNOWN : resolver.resolve(tgid, fd);
            if (f == FileInfo.UNKNOWN) {
                unknown++;
            } else {
                resolved++;
            }
            fds.put(fd, f);
        }
        return f;
    }

    /**
     * In time order: a call on (tgid, fd) turned out to be on this file (page-cache records named
     * it): later calls on the descriptor, until it is closed, are on it too.
     */
    void learned(int tgid, int fd, FileInfo f) {
        IntMap<FileInfo> fds = files.get(tgid);
        if (fds != null && fds.get(fd) == FileInfo.UNKNOWN) {
            fds.put(fd, f);
        }
    }

    /** In time order: (tgid, fd) was closed or replaced. */
    void closed(int tgid, int fd) {
        IntMap<FileInfo> fds = files.get(tgid);
        if (fds != null) {
            fds.remove(fd);
        }
        long k = key(tgid, fd);
        int[] n = pendingCloses.get(k);
        if (n != null && --n[0] <= 0) {
            pendingCloses.remove(k);
        }
    }

    /** In time order: close_range(lo, hi). */
    void closedRange(int tgid, int lo, long hi) {
        IntMap<FileInfo> fds = files.get(tgid);
        if (fds != null) {
            java.util.List<Integer> gone = new java.util.ArrayList<>();
            fds.forEach((fd, f) -> {
                if (fd >= lo && fd <= hi) {
                    gone.add(fd);
                }
            });
            gone.forEach(fds::remove);
        }
        int[] n = pendingRanges.get(tgid);
        if (n != null && --n[0] <= 0) {
            pendingRanges.remove(tgid);
        }
    }

    /** In time order: the process exec'd (close-on-exec descriptors vanish silently) or exited. */
    void forget(int tgid) {
        files.remove(tgid);
    }

    long resolved() {
        return resolved;
    }

    long unknown() {
        return unknown;
    }
}
