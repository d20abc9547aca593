package sonde.recorder.writeback;

import sonde.recorder.host.Tasks;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who dirtied the pages a flusher thread writes back. Buffered writes reach the disk later from
 * kworker threads, so the block layer blames the kernel. Per inode, sonde keeps which process
 * dirtied which pages: writeback_dirty_folio runs in the dirtier's context with the folio's page
 * index, and adjacent folios of one process make one range of pages. A flusher thread writes an
 * inode back (writeback_single_inode_start .. writeback_single_inode) in page order from where
 * the inode's writeback index says, skipping clean pages; each request it issues takes as many
 * dirty pages as it has bytes, first in page order from there, and goes to the process that
 * dirtied most of them. So two processes that dirtied two parts of one file each get their part,
 * to within a request's size. A page known to be dirty that is dirtied again was cleaned unseen:
 * the file was deleted or truncated (and its inode number may be another file's now), so all
 * that was known of the inode is dropped. A process leaves an inode when it syncs it itself
 * (fsync: the I/O is then in its own context).
 *
 * <p>Limits: pages dirtied before recording began are unknown (those requests stay with the
 * kernel thread); a folio's size is not in the tracepoint, so a range of large folios is
 * counted from their first pages (a request's share near a boundary between two dirtiers may go
 * to either); at most {@link #MAX_RANGES} ranges are kept, the inodes dirtied longest ago
 * forgotten first (counted).
 */
public final class WritebackAttribution {
    /** The process a request is attributed to; its command name is read when the row is built. */
    public record Dirtier(Tasks.Task task, String bdi, long ino) {
        public int pid() {
            return task.tgid();
        }

        public String comm() {
            return task.comm();
        }
    }

    private record InodeKey(String bdi, long ino) {
    }

    /**
     * Pages [start, end) of an inode, dirtied by one process. A folio's size is not in the
     * tracepoint: a range's end is its last folio's start plus the step between its last two
     * folios (large folios of one size, as sequential writes make them), or one page.
     */
    private static final class Range {
        long end;
        long lastStart;
        final Tasks.Task task;

        Range(long lastStart, long end, Tasks.Task task) {
            this.lastStart = lastStart;
            this.end = end;
            this.task = task;
        }
    }

    /** What is known of one inode's dirty pages, and where its writeback is. */
    private static final class Inode {
        final InodeKey key;
        final TreeMap<Long, Range> ranges = new TreeMap<>();
        long cursor;

        Inode(InodeKey key) {
            this.key = key;
        }
    }

    /** A folio this many pages after a range of the same process, or less, extends the range (2 MiB: the largest folio). */
    private static final long JOIN_PAGES = 512;
    static final int MAX_RANGES = 262_144;
    private static final int PAGE = 4096;

    private final Tasks tasks;
    private final Map<InodeKey, Inode> dirty = new LinkedHashMap<>();
    private final Map<Integer, Inode> writingBack = new HashMap<>();
    private long ranges;
    private long attributedRequests;
    private long forgottenInodes;
    private long staleInodes;

    public WritebackAttribution(Tasks tasks) {
        this.tasks = tasks;
    }

    public void onEvent(WritebackEvent e) {
        switch (e.kind()) {
            case DIRTY -> dirtied(new InodeKey(e.bdi(), e.ino()), tasks.lookup(e.tid()), e.index());
            case INODE_START -> {
                Inode in = dirty.get(new InodeKey(e.bdi(), e.ino()));
                if (in != null) {
                    in.cursor = e.index();
                    writingBack.put(e.tid(), in);
                } else {
                    writingBack.remove(e.tid());
                }
            }
            case INODE_END -> writingBack.remove(e.tid());
            case SYNCED -> synced(tasks.lookup(e.tid()).tgid(), e.ino());
            default -> throw new IllegalArgumentException("unknown writeback event " + e.kind());
        }
    }

    private void dirtied(InodeKey key, Tasks.Task task, long index) {
        Inode in = dirty.get(key);
        if (in == null) {
            in = new Inode(key);
            dirty.put(key, in);
        }
        Map.Entry<Long, Range> cover = in.ranges.floorEntry(index);
        if (cover != null && cover.getValue().end > index) {
            Range r = cover.getValue();
            if (index > r.lastStart && r.task.tgid() == task.tgid()) {
                // the folio after the range's last one, where its end guessed it
                r.end = Math.max(r.end, limit(in, cover.getKey(), index + (index - r.lastStart)));
                r.lastStart = index;
                return;
            } else if (index > r.lastStart) {
                r.end = index; // the guess went too far: another's folio starts here
            } else {
                // a page known dirty was dirtied again: it was cleaned unseen, so the file was deleted
                // or truncated (its inode number may be another file's now): all known of it is stale
                ranges -= in.ranges.size();
                in.ranges.clear();
                staleInodes++;
            }
        }
        Map.Entry<Long, Range> below = in.ranges.floorEntry(index);
        if (below != null && below.getValue().task.tgid() == task.tgid() && index >= below.getValue().end
                && index - below.getValue().end < JOIN_PAGES && noRangeBetween(in, below.getKey(), index)) {
            Range r = below.getValue();
            r.end = limit(in, below.getKey(), index + (index - r.lastStart));
            r.lastStart = index;
        } else {
            in.ranges.put(index, new Range(index, limit(in, index, index + 1), task));
            ranges++;
        }
        while (ranges > MAX_RANGES && !dirty.isEmpty()) {
            Iterator<Inode> oldest = dirty.values().iterator();
            Inode gone = oldest.next();
            oldest.remove();
            ranges -= gone.ranges.size();
            writingBack.values().removeIf(w -> w == gone);
            forgottenInodes++;
        }
    }

    /** {@code end}, or the start of the next range after {@code start} if that comes first. */
    private static long limit(Inode in, long start, long end) {
        Long next = in.ranges.higherKey(start);
        return next == null ? end : Math.min(end, next);
    }

    private static boolean noRangeBetween(Inode in, long from, long to) {
        Long next = in.ranges.higherKey(from);
        return next == null || next > to;
    }

    /** Removes pages [from, to) from the inode's ranges. */
    private void cut(Inode in, long from, long to) {
        Map.Entry<Long, Range> e = in.ranges.floorEntry(from);
        if (e != null && e.getValue().end > from) {
            Range r = e.getValue();
            if (r.end > to) {
                in.ranges.put(to, new Range(Math.max(to, r.lastStart), r.end, r.task)); // the part after the cut
                ranges++;
            }
            r.end = from;
            if (e.getKey() >= from) {
                in.ranges.remove(e.getKey());
                ranges--;
            }
        }
        for (Map.Entry<Long, Range> n = in.ranges.ceilingEntry(from); n != null && n.getKey() < to;
             n = in.ranges.ceilingEntry(from)) {
            in.ranges.remove(n.getKey());
            ranges--;
            if (n.getValue().end > to) {
                in.ranges.put(to, n.getValue());
                ranges++;
                break;
            }
        }
    }

    private void synced(int pid, long ino) {
        for (Iterator<Inode> it = dirty.values().iterator(); it.hasNext(); ) {
            Inode in = it.next();
            if (in.key.ino() == ino) {
                int before = in.ranges.size();
                in.ranges.values().removeIf(r -> r.task.tgid() == pid);
                ranges -= before - in.ranges.size();
                if (in.ranges.isEmpty()) {
                    it.remove();
                    writingBack.values().removeIf(w -> w == in);
                }
            }
        }
    }

    /**
     * What thread {@code tid} is writing back now (at a request's creation), or null: the
     * request takes its pages when issued, with its final size ({@link #take}).
     */
    public Object writingBack(int tid) {
        return writingBack.get(tid);
    }

    /**
     * A request of {@code bytes} issued for the inode {@code writingBack} returned: takes that
     * many dirty pages from the inode's writeback position on (wrapping around to its first dirty
     * page), and returns the process that dirtied most of them, or null if none is known.
     */
    public Dirtier take(Object writingBack, long bytes) {
        if (!(writingBack instanceof Inode in) || in.ranges.isEmpty()) {
            return null;
        }
        long pages = Math.max(1, (bytes + PAGE - 1) / PAGE);
        Tasks.Task top = null;
        long topPages = 0;
        Map<Integer, long[]> taken = new HashMap<>(4);
        boolean wrapped = false;
        while (pages > 0 && !in.ranges.isEmpty()) {
            Map.Entry<Long, Range> e = in.ranges.floorEntry(in.cursor);
            if (e == null || e.getValue().end <= in.cursor) {
                e = in.ranges.ceilingEntry(in.cursor);
            }
            if (e == null) {
                if (wrapped) {
                    break;
                }
                wrapped = true;
                in.cursor = 0;
                continue;
            }
            long from = Math.max(in.cursor, e.getKey());
            long n = Math.min(pages, e.getValue().end - from);
            Tasks.Task t = e.getValue().task;
            long[] c = taken.computeIfAbsent(t.tgid(), k -> new long[1]);
            c[0] += n;
            if (c[0] > topPages) {
                topPages = c[0];
                top = t;
            }
            cut(in, from, from + n);
            in.cursor = from + n;
            pages -= n;
        }
        if (in.ranges.isEmpty()) {
            dirty.remove(in.key);
        }
        if (top == null) {
            return null;
        }
        attributedRequests++;
        return new Dirtier(top, in.key.bdi(), in.key.ino());
    }

    public long attributedRequests() {
        return attributedRequests;
    }

    /** Times what was known of an inode's dirty pages turned out stale (deleted, truncated) and was dropped. */
    public long staleInodes() {
        return staleInodes;
    }

    /** Inodes whose dirty pages were forgotten to keep within {@link #MAX_RANGES}. */
    public long forgottenInodes() {
        return forgottenInodes;
    }
}
