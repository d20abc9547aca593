package sonde.recorder.writeback;

import sonde.recorder.host.Tasks;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who dirtied the pages a flusher thread writes back. Buffered writes reach the disk later from
 * kworker threads, so the block layer blames the kernel. Per inode, sonde counts the folios each
 * process dirtied since the inode was last written back (writeback_dirty_folio runs in the
 * dirtier's context; a folio may be one page or many, so these are weights, not byte counts);
 * while a flusher thread is inside writeback of an inode (writeback_single_inode_start ..
 * writeback_single_inode), each request it creates is attributed to the process with the
 * largest weight on that inode. Dirtying after a writeback of the inode starts a new count. A
 * process leaves the count when it syncs the file itself (fsync: the I/O is then in its own
 * context). Limits: pages dirtied before recording began are unknown (those requests stay with
 * the kernel thread); with several dirtiers of one inode, each request goes wholly to the
 * largest; a request that merges pages of two inodes goes to one.
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

    private static final class Share {
        final Tasks.Task task;
        long folios;

        Share(Tasks.Task task) {
            this.task = task;
        }
    }

    private static final int MAX_INODES = 200_000;

    private final Tasks tasks;
    private final Map<InodeKey, Map<Integer, Share>> dirty = new LinkedHashMap<>();
    private final Map<Integer, InodeKey> writingBack = new HashMap<>();
    private final Set<InodeKey> writtenBack = new HashSet<>();
    private long attributedRequests;

    public WritebackAttribution(Tasks tasks) {
        this.tasks = tasks;
    }

    public void onEvent(WritebackEvent e) {
        switch (e.kind()) {
            case DIRTY -> dirtied(new InodeKey(e.bdi(), e.ino()), tasks.lookup(e.tid()), e.pages());
            case INODE_START -> writingBack.put(e.tid(), new InodeKey(e.bdi(), e.ino()));
            case INODE_END -> {
                InodeKey k = writingBack.remove(e.tid());
                if (k != null) {
                    writtenBack.add(k);
                }
            }
            case SYNCED -> synced(tasks.lookup(e.tid()).tgid(), e.ino());
            default -> throw new IllegalArgumentException("unknown writeback event " + e.kind());
        }
    }

    private void dirtied(InodeKey key, Tasks.Task task, long folios) {
        if (writtenBack.remove(key)) {
            dirty.remove(key); // a new generation of dirty pages
        }
        Map<Integer, Share> shares = dirty.computeIfAbsent(key, k -> new LinkedHashMap<>());
        shares.computeIfAbsent(task.tgid(), p -> new Share(task)).folios += folios;
        if (dirty.size() > MAX_INODES) {
            Iterator<InodeKey> oldest = dirty.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private void synced(int pid, long ino) {
        for (Iterator<Map.Entry<InodeKey, Map<Integer, Share>>> it = dirty.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<InodeKey, Map<Integer, Share>> e = it.next();
            if (e.getKey().ino() == ino) {
                e.getValue().remove(pid);
                if (e.getValue().isEmpty()) {
                    it.remove();
                }
            }
        }
    }

    /**
     * A request created by thread {@code tid}: if it is writing back an inode whose dirtiers
     * are known, the one it is attributed to.
     *
     * @return the dirtier, or null
     */
    public Dirtier attribute(int tid) {
        InodeKey key = writingBack.get(tid);
        Map<Integer, Share> shares = key == null ? null : dirty.get(key);
        if (shares == null || shares.isEmpty()) {
            return null;
        }
        Map.Entry<Integer, Share> top = null;
        for (Map.Entry<Integer, Share> s : shares.entrySet()) {
            if (top == null || s.getValue().folios > top.getValue().folios) {
                top = s;
            }
        }
        attributedRequests++;
        return new Dirtier(top.getValue().task, key.bdi(), key.ino());
    }

    public long attributedRequests() {
        return attributedRequests;
    }
}
