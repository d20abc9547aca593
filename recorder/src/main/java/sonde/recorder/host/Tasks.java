package sonde.recorder.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thread id → process (tgid) and whether it is a kernel thread, from /proc on the recording
 * host, cached. Tracepoints carry only the thread id (common_pid); a task that is gone by the
 * time we look is taken to be its own process, and counted.
 */
public final class Tasks {
    /** What /proc said about a thread. */
    public record Task(int tgid, boolean kernelThread, String comm) {
    }

    private static final int PF_KTHREAD = 0x00200000;
    private static final int CAPACITY = 65_536;

    private final Path proc;
    private final Map<Integer, Task> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Task> eldest) {
            return size() > CAPACITY;
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
        if (t != null && t.comm().equals(comm)) {
            return t;
        }
        t = read(tid, comm);
        cache.put(tid, t);
        return t;
    }

    private Task read(int tid, String comm) {
        if (tid <= 0) {
            return new Task(tid, true, comm); // the idle task: interrupt context
        }
        try {
            String stat = KernelFiles.read(proc.resolve(tid + "/stat"));
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long flags = Long.parseLong(rest[6]);
            int tgid = tgid(tid);
            return new Task(tgid, (flags & PF_KTHREAD) != 0, comm);
        } catch (IOException | RuntimeException e) {
            unresolved++;
            return new Task(tid, looksLikeKernelThread(comm), comm);
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
