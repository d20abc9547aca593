package sonde.recorder.vfs;

import sonde.recorder.host.Devices;
import sonde.recorder.host.TaskTracepoints;
import sonde.recorder.host.Tasks;
import sonde.recorder.tracefs.TraceInstance;
import sonde.recorder.tracefs.TraceSession;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * File reads and writes from a trace session: syscall tracepoints in an instance of their own
 * that leaves out sonde's own threads (and, with -p, keeps only that process tree), calls paired
 * per thread in time order, descriptors resolved to files, page-cache fills counted per call.
 */
public final class VfsSource implements TaskTracepoints.Listener {
    private final FdTable fds;
    private final SyscallPairer pairer;
    private final Tasks tasks;

    private final OpenedFiles opened;
    private final FileResolver resolver;

    private VfsSource(FdTable fds, SyscallPairer pairer, Tasks tasks, OpenedFiles opened, FileResolver resolver) {
        this.fds = fds;
        this.pairer = pairer;
        this.tasks = tasks;
        this.opened = opened;
        this.resolver = resolver;
    }

    /**
     * @param pid  only this process and what it forks (in the kernel), or -1
     * @param comm only tasks of this command name (in the kernel), or null
     */
    public static VfsSource enable(TraceSession session, Tasks tasks, TaskTracepoints taskEvents, int pid, String comm,
                                   VfsRows out) {
        List<Integer> only = pid > 0 ? threadsOf(pid) : null;
        TraceInstance instance = session.addTaskFilteredInstance(only, threadsOf((int) ProcessHandle.current().pid()));
        OpenedFiles opened = OpenedFiles.open(Path.of("/proc"));
        FileResolver resolver = new FileResolver(Path.of("/proc"), new Devices(), opened);
        FdTable fds = new FdTable(resolver);
        SyscallPairer pairer = new SyscallPairer(out::row, resolver, session.losses(instance));
        VfsSource v = new VfsSource(fds, pairer, tasks, opened, resolver);
        VfsTracepoints.enable(session, instance, tasks, v, comm);
        taskEvents.addListener(v);
        return v;
    }

    /** In time order: a read/write call began. */
    void enter(long ts, int tid, Syscall s, int fd, long count, long pos) {
        Tasks.Task t = tasks.lookup(tid);
        pairer.enter(ts, t, t.comm(), s, fd, count, pos, fds.file(t.tgid(), fd)); // the name in time order
    }

    void exit(long ts, int tid, Syscall s, long ret) {
        pairer.exit(ts, tid, s, ret);
    }

    void cacheFill(int tid, long bytes) {
        pairer.cacheFill(tid, bytes);
    }

    void fileSeen(int tid, int dev, long ino) {
        SyscallPairer.Call c = pairer.fileSeen(tid, dev, ino);
        if (c != null) {
            fds.learned(c.task.tgid(), c.fd, c.file); // the descriptor's later calls without page-cache records
        }
    }

    /**
     * Before each read of the ring buffers: the opens reported since, so that a call read now
     * finds the file its process opened even if the process is gone.
     */
    public void beforeRead() {
        opened.drain();
    }

    public void close() {
        opened.close();
    }

    /** Calls' files named from fanotify's record of opens (their process was gone). */
    public long filesNamedByOpen() {
        return resolver.namedByOpen();
    }

    public long fanotifyOpens() {
        return opened.opens();
    }

    public long fanotifyOverflows() {
        return opened.overflows();
    }

    /** Why files of processes gone before their descriptors were looked up cannot be named, or null. */
    public String openNamesUnavailable() {
        return opened.unavailable();
    }

    /** As soon as read: a close of (thread's process, fd) is on its way. */
    void closeRead(int tid, int fd) {
        fds.closeDecoded(tasks.lookup(tid).tgid(), fd);
    }

    void closeRangeRead(int tid) {
        fds.closeRangeDecoded(tasks.lookup(tid).tgid());
    }

    /** In time order: fd was closed or replaced. */
    void closed(int tid, int fd) {
        fds.closed(tasks.lookup(tid).tgid(), fd);
    }

    void closedRange(int tid, int lo, long hi) {
        fds.closedRange(tasks.lookup(tid).tgid(), lo, hi);
    }

    @Override
    public void exited(int tid, int tgid, boolean groupDead) {
        pairer.gone(tid);
        if (groupDead) {
            fds.forget(tgid);
        }
    }

    @Override
    public void execed(int tgid) {
        fds.forget(tgid);
    }

    static List<Integer> threadsOf(int pid) {
        List<Integer> tids = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path p : s) {
                tids.add(Integer.parseInt(p.getFileName().toString()));
            }
        } catch (IOException | NumberFormatException e) {
            tids.add(pid);
        }
        return tids;
    }

    public long unpairedEnters() {
        return pairer.unpairedEnters();
    }

    public long unpairedExits() {
        return pairer.unpairedExits();
    }

    public long resolvedFiles() {
        return fds.resolved();
    }

    public long unknownFiles() {
        return fds.unknown();
    }

    /** Calls whose file came from page-cache records (the descriptor was gone or reused). */
    public long filesByInode() {
        return pairer.correctedByInode();
    }
}
