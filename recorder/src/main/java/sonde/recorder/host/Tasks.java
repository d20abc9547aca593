package sonde.recorder.host;

import sonde.recorder.util.IntMap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thread id → process (tgid), command name and whether it is a kernel thread, from /proc on the
 * recording host, cached. Tracepoints carry only the thread id (common_pid). A task that has
 * already exited when first looked up gets a handle whose command name is filled in when its
 * sched_process_exit record is decoded ({@link #exited}); it is taken to be its own process.
 * Handles are read when rows are built, after that has happened. Used by the reader thread only.
 */
public final class Tasks {
    /** What is known about one thread; {@link #comm()} may be completed later by its exit record. */
    public static final class Task {
        private final int tid;
        private final int tgid;
        private final boolean kernelThread;
        private String comm;

        Task(int tid, int tgid, boolean kernelThread, String comm) {
            this.tid = tid;
            this.tgid = tgid;
            this.kernelThread = kernelThread;
            this.comm = comm;
        }

        public int tid() {
            return tid;
        }

        public int tgid() {
            return tgid;
        }

        public boolean kernelThread() {
            return kernelThread;
        }

        /** The command name, or "[unknown]" for a task gone before anything named it. */
        public String comm() {
            return comm == null ? "[unknown]" : comm;
        }
    }

    private static final int PF_KTHREAD = 0x00200000;
    private static final int CAPACITY = 65_536;

    private final Path proc;
    /** By thread id; at {@link #CAPACITY} it starts over (threads still alive are read again). */
    private final IntMap<Task> cache = new IntMap<>(1024);
    /** Recently exited threads, for records decoded after the exit record (from another CPU). */
    private final Map<Integer, Task> exited = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Task> eldest) {
            return size() > 4096;
        }
    };
    private long unresolved;

    public Tasks() {
        this(Path.of("/proc"));
    }

    Tasks(Path proc) {
        this.proc = proc;
    }

    /**
     * @param comm the command name the event carried: a different cached one means the thread
     *             id was reused (or the task exec'd), so /proc is read again
     */
    public Task lookup(int tid, String comm) {
        Task t = cache.get(tid);
        if (t != null && comm.equals(t.comm)) {
            return t;
        }
        t = read(tid, comm);
        remember(t);
        return t;
    }

    private void remember(Task t) {
        if (cache.size() >= CAPACITY) {
            cache.clear();
        }
        cache.put(t.tid, t);
    }

    /** A thread whose command name the event did not carry: the name comes from /proc or its exit. */
    public Task lookup(int tid) {
        Task t = cache.get(tid);
        if (t == null) {
            t = read(tid, null);
            remember(t);
        }
        return t;
    }

    /**
     * As soon as a record of the thread is read: makes sure it is known while /proc most likely
     * still has it. Costs one table probe when it is known already (the name is checked later,
     * in time order, by {@link #lookup(int, String)}).
     */
    public void prefetch(int tid) {
        if (cache.get(tid) == null) {
            lookup(tid);
        }
    }

    /** What is known of a thread without asking /proc: the cache, then recent exits; null if nothing. */
    public Task known(int tid) {
        Task t = cache.get(tid);
        return t != null ? t : exited.get(tid);
    }

    /**
     * Decoded sched_process_exit: completes a handle that /proc could not resolve, and forgets
     * the thread id, which may now be reused.
     */
    public void exited(int tid, String comm) {
        Task t = cache.remove(tid);
        if (t == null) {
            t = new Task(tid, tid, false, comm);
        } else if (t.comm == null) {
            t.comm = comm;
        }
        exited.put(tid, t);
    }

    /** In time order: the thread exec'd a program of this name; later lookups see the new name. */
    public void execed(int tid, String comm) {
        Task old = cache.get(tid);
        remember(new Task(tid, old == null ? tid : old.tgid, false, comm));
    }

    private Task read(int tid, String knownComm) {
        if (tid <= 0) {
            return new Task(tid, tid, true, knownComm == null ? "swapper" : knownComm); // interrupt context
        }
        try {
            byte[] bytes = KernelFiles.readBytes(proc.resolve(tid + "/stat"));
            String stat = new String(bytes, StandardCharsets.ISO_8859_1); // a char per byte: indexes are byte offsets
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String comm = knownComm != null ? knownComm : Comm.decode(bytes, open + 1, close - open - 1);
            String[] rest = stat.substring(close + 2).split(" ");
            long flags = Long.parseLong(rest[6]);
            return new Task(tid, tgid(tid), (flags & PF_KTHREAD) != 0, comm);
        } catch (IOException | RuntimeException e) {
            Task gone = exited.get(tid);
            if (gone != null && (knownComm == null || knownComm.equals(gone.comm))) {
                return gone;
            }
            unresolved++;
            return new Task(tid, tid, knownComm != null && looksLikeKernelThread(knownComm), knownComm);
        }
    }

    private int tgid(int tid) throws IOException {
        for (String line : KernelFiles.read(proc.resolve(tid + "/status")).split("\n")) {
            if (line.startsWith("Tgid:")) {
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        return tid;
    }

    /** For tasks already gone: the kernel's own thread names. */
    static boolean looksLikeKernelThread(String comm) {
        return comm.startsWith("kworker/") || comm.startsWith("jbd2/") || comm.startsWith("kswapd")
                || comm.startsWith("flush-") || comm.startsWith("ksoftirqd/") || comm.startsWith("kthreadd")
                || comm.startsWith("xfsaild") || comm.startsWith("btrfs-");
    }

    /** Threads that were gone before they could be looked up. */
    public long unresolved() {
        return unresolved;
    }
}
