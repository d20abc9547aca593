package sonde.recorder.host;

import sonde.recorder.tracefs.EventFormat;
import sonde.recorder.tracefs.Field;
import sonde.recorder.tracefs.TraceSession;
import sonde.recorder.tracefs.TracepointHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * sched:sched_process_exit and sched:sched_process_exec. As soon as it is read, an exit names a
 * task that was gone before /proc could be read for it and retires its thread id from the
 * cache. In time order, an exec renames the task (records of the same thread read from another
 * CPU may come before it), and both reach the {@link Listener}s (descriptor tables).
 */
public final class TaskTracepoints {
    /** Told of exits and execs in time order. */
    public interface Listener {
        /** @param groupDead the whole process is gone (its last thread exited) */
        void exited(int tid, int tgid, boolean groupDead);

        /** The process exec'd another program (its close-on-exec descriptors are gone). */
        void execed(int tgid);
    }

    private final List<Listener> listeners = new ArrayList<>();

    private TaskTracepoints() {
    }

    public static TaskTracepoints enable(TraceSession session, Tasks tasks) {
        TaskTracepoints t = new TaskTracepoints();
        EventFormat exit = session.instance().format("sched", "sched_process_exit");
        Field pid = exit.field("pid");
        Field comm = exit.field("comm");
        Field groupDead = exit.has("group_dead") ? exit.field("group_dead") : null;
        session.register(exit, TracepointHandler.withEarly((cpu, ts, b, e) -> {
            int tid = pid.getInt(b, e);
            Tasks.Task task = tasks.known(tid);
            int tgid = task == null ? tid : task.tgid();
            boolean dead = groupDead == null ? tid == tgid : groupDead.getInt(b, e) != 0;
            for (Listener l : t.listeners) {
                l.exited(tid, tgid, dead);
            }
        }, (cpu, ts, b, e) -> {
            int tid = pid.getInt(b, e);
            tasks.lookup(tid);
            tasks.exited(tid, comm.getString(b, e));
        }));
        EventFormat exec = session.instance().format("sched", "sched_process_exec");
        Field execPid = exec.field("pid");
        Field filename = exec.field("filename");
        session.register(exec, (cpu, ts, b, e) -> {
            int tid = execPid.getInt(b, e);
            String name = filename.getString(b, e);
            name = name.substring(name.lastIndexOf('/') + 1);
            tasks.execed(tid, Comm.of(name));
            for (Listener l : t.listeners) {
                l.execed(tid);
            }
        });
        session.instance().enable(exit, null);
        session.instance().enable(exec, null);
        return t;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }
}
