package sonde.recorder.host;

import sonde.recorder.tracefs.EventFormat;
import sonde.recorder.tracefs.Field;
import sonde.recorder.tracefs.TraceSession;

/**
 * sched:sched_process_exit, decoded as it is read: names tasks that exited before /proc could
 * be read for them, and retires their thread ids from the cache.
 */
public final class TaskTracepoints {
    private TaskTracepoints() {
    }

    public static void enable(TraceSession session, Tasks tasks) {
        EventFormat exit = session.instance().format("sched", "sched_process_exit");
        Field pid = exit.field("pid");
        Field comm = exit.field("comm");
        session.register(exit, (cpu, ts, b, e) -> tasks.exited(pid.getInt(b, e), comm.getString(b, e)));
        session.instance().enable(exit, null);
    }
}
