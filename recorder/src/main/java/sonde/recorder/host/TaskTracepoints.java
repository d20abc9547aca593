package sonde.recorder.host;

import sonde.recorder.tracefs.EventFormat;
import sonde.recorder.tracefs.Field;
import sonde.recorder.tracefs.TraceSession;

/**
 * sched:sched_process_exit and sched:sched_process_exec. Decoded as read, an exit names a task
 * that was gone before /proc could be read for it and retires its thread id from the cache.
 * An exec renames the task in time order (records of the same thread read from another CPU
 * may be decoded before it). Both reach whoever routes {@link TaskEvent}s (descriptor tables).
 */
public final class TaskTracepoints {
    private TaskTracepoints() {
    }

    public static void enable(TraceSession session, Tasks tasks) {
        EventFormat exit = session.instance().format("sched", "sched_process_exit");
        Field pid = exit.field("pid");
        Field comm = exit.field("comm");
        Field groupDead = exit.has("group_dead") ? exit.field("group_dead") : null;
        session.register(exit, (cpu, ts, b, e) -> {
            int tid = pid.getInt(b, e);
            int tgid = tasks.lookup(tid).tgid();
            tasks.exited(tid, comm.getString(b, e));
            boolean dead = groupDead == null ? tid == tgid : groupDead.getInt(b, e) != 0;
            session.add(new TaskEvent(TaskEvent.Kind.EXIT, ts, session.nextSeq(), tid, tgid, dead, null));
        });
        EventFormat exec = session.instance().format("sched", "sched_process_exec");
        Field execPid = exec.field("pid");
        Field filename = exec.field("filename");
        session.register(exec, (cpu, ts, b, e) -> {
            int tid = execPid.getInt(b, e);
            String name = filename.getString(b, e);
            name = name.substring(name.lastIndexOf('/') + 1);
            session.add(new TaskEvent(TaskEvent.Kind.EXEC, ts, session.nextSeq(), tid, tid, false,
                    name.length() > 15 ? name.substring(0, 15) : name));
        });
        session.route(TaskEvent.class, t -> {
            if (t.kind() == TaskEvent.Kind.EXEC) {
                tasks.execed(t.tid(), t.comm());
            }
        });
        session.instance().enable(exit, null);
        session.instance().enable(exec, null);
    }
}
