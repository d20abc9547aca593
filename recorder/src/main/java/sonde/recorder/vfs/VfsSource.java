package sonde.recorder.vfs;

import sonde.recorder.host.Devices;
import sonde.recorder.host.TaskEvent;
import sonde.recorder.host.Tasks;
import sonde.recorder.tracefs.TraceInstance;
import sonde.recorder.tracefs.TraceSession;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * File reads and writes from a trace session: syscall tracepoints in an instance of their own
 * that leaves out sonde's own threads (and, with -p, keeps only that process tree), calls paired
 * per thread in time order, descriptors resolved to files, page-cache fills counted per call.
 */
public final class VfsSource {
    private final FdTable fds;
    private final SyscallPairer pairer;
    private final Tasks tasks;

    private VfsSource(FdTable fds, SyscallPairer pairer, Tasks tasks) {
        this.fds = fds;
        this.pairer = pairer;
        this.tasks = tasks;
    }

    /**
     * @param pid  only this process and what it forks (in the kernel), or -1
     * @param comm only tasks of this command name (in the kernel), or null
     */
    public static VfsSource enable(TraceSession session, Tasks tasks, int pid, String comm, Consumer<VfsCall> out) {
        List<Integer> only = pid > 0 ? threadsOf(pid) : null;
        TraceInstance instance = session.addTaskFilteredInstance(only, threadsOf((int) ProcessHandle.current().pid()));
        FileResolver resolver = new FileResolver(Path.of("/proc"), new Devices());
        FdTable fds = new FdTable(resolver);
        SyscallPairer pairer = new SyscallPairer(out, resolver);
        VfsSource v = new VfsSource(fds, pairer, tasks);
        VfsTracepoints.enable(session, instance, tasks, fds, comm);
        session.route(VfsEvent.class, v::onEvent);
        session.route(TaskEvent.class, v::onTask);
        return v;
    }

    private void onEvent(VfsEvent e) {
        int tgid = e.task().tgid();
        switch (e.kind()) {
            case ENTER -> pairer.enter(e, tasks.lookup(e.task().tid()).comm(), fds.file(tgid, e.fd())); // name in time order
            case EXIT -> pairer.exit(e);
            case CACHE_FILL -> pairer.cacheFill(e);
            case FILE_SEEN -> pairer.fileSeen(e);
            case CLOSE -> fds.closed(tgid, e.fd());
            case CLOSE_RANGE -> fds.closedRange(tgid, e.fd(), e.value());
            default -> throw new IllegalArgumentException("unknown vfs event " + e.kind());
        }
    }

    private void onTask(TaskEvent e) {
        if (e.kind() == TaskEvent.Kind.EXIT) {
            pairer.gone(e.tid());
        }
        if (e.kind() == TaskEvent.Kind.EXEC || e.groupDead()) {
            fds.forget(e.tgid());
        }
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
